"""The services stay small and separate: the facade only puts them together, and no
service inherits another (each receives the services it uses)."""

from __future__ import annotations

import inspect
from pathlib import Path

from test_services_support import make_services

import station.services as services_package
from station.services import StationServices
from station.services.base import ServiceBase

#: The facade's attributes: one per service, plus the database and the clock.
FACADE = {
    "db",
    "clock",
    "identity",
    "definitions",
    "exams",
    "roster",
    "encounters",
    "scenario",
    "checkin",
    "results",
    "practice",
    "stats",
    "release",
    "imports",
    "reporting",
    "exports",
    "audit_log",
    "media",
}


def test_the_facade_is_one_attribute_per_service(tmp_path: Path) -> None:
    services = make_services(tmp_path / "exam.db")
    assert set(vars(services)) == FACADE
    public_methods = [
        name
        for name, value in inspect.getmembers(StationServices, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert public_methods == []
    for name in FACADE - {"db", "clock"}:
        assert isinstance(getattr(services, name), ServiceBase), name


def test_no_service_inherits_another() -> None:
    classes = [
        value
        for value in vars(services_package).values()
        if inspect.isclass(value)
        and issubclass(value, ServiceBase)
        and value.__name__.endswith("Services")
    ]
    assert len(classes) == 16
    for cls in classes:
        assert cls.__mro__ == (cls, ServiceBase, object), cls.__name__
