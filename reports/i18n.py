"""The words reports print, in the exam's language (English, French, Spanish).

Catalogs are Python dictionaries keyed by the English text, in the manner of gettext
message ids: :func:`translator` returns a function that looks a label up and falls back
to the English text, so a label missing from a catalog still prints (in English) rather
than failing a report. Dictionaries rather than ``.po`` files because the catalogs are
small, are checked by the type checker and the tests (every catalog has every key), and
need no compile step or Qt. Texts written by faculty (station titles, item texts) come
from the definitions' own translations instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Final

#: Languages reports are printed in.
LANGUAGES: Final = ("en", "fr", "es")

_FR: Final[dict[str, str]] = {
    "Candidate feedback report": "Rapport de résultats du candidat",
    "Exam report": "Rapport d'examen",
    "Practice report": "Rapport d'entraînement",
    "Candidate badges": "Badges des candidats",
    "Blank checklists": "Grilles d'évaluation vierges",
    "Rotation timetable": "Planning des rotations",
    "Page {n} of {m}": "Page {n} sur {m}",
    "DRAFT — results not released": "BROUILLON — résultats non publiés",
    "Candidate": "Candidat",
    "Candidate number": "Numéro de candidat",
    "Name": "Nom",
    "Group": "Groupe",
    "Station": "Station",
    "Stations": "Stations",
    "Score": "Score",
    "Percent": "Pourcentage",
    "Pass mark": "Seuil de réussite",
    "Cohort mean": "Moyenne de la cohorte",
    "Result": "Résultat",
    "Overall": "Global",
    "Overall result": "Résultat global",
    "Stations passed": "Stations réussies",
    "pass": "réussi",
    "fail": "échec",
    "critical_fail": "échec (item critique)",
    "pending": "en attente",
    "excluded": "exclue",
    "absent": "absent",
    "incomplete": "incomplet",
    "Why": "Pourquoi",
    "Pass mark by these statistics": "Seuil de réussite selon ces statistiques",
    "done": "fait",
    "partial": "partiel",
    "not_done": "non fait",
    "missing": "non noté",
    "Item": "Item",
    "Section": "Section",
    "Items": "Items",
    "Status": "État",
    "Points": "Points",
    "Critical item": "Item critique",
    "critical": "critique",
    "Global grade": "Appréciation globale",
    "Examiner": "Examinateur",
    "Examiners": "Examinateurs",
    "Examiner comments": "Commentaires de l'examinateur",
    "{n} needed": "{n} requises",
    "No comments.": "Aucun commentaire.",
    "CPR quality": "Qualité de la RCP",
    "Event log": "Journal des événements",
    "Scenario time": "Temps du scénario",
    "Log entry": "Entrée",
    "Scenario started": "Début du scénario",
    "Scripted event": "Événement programmé",
    "Event fired by hand": "Événement déclenché à la main",
    "Missed event": "Événement manqué",
    "Vital signs": "Constantes vitales",
    "Operator's note": "Note de l'opérateur",
    "Paused": "Pause",
    "Resumed": "Reprise",
    "Scenario ended": "Fin du scénario",
    "Compression depth": "Profondeur des compressions",
    "Compression rate": "Fréquence des compressions",
    "Depth (mm)": "Profondeur (mm)",
    "Rate (/min)": "Fréquence (/min)",
    "Time (s)": "Temps (s)",
    "Compression": "Compression",
    "Target band": "Zone cible",
    "Metric": "Mesure",
    "Value": "Valeur",
    "Target": "Cible",
    "Summary": "Synthèse",
    "Candidates": "Candidats",
    "Incomplete": "Incomplets",
    "Cronbach's alpha": "Alpha de Cronbach",
    "SEM": "Erreur type de mesure",
    "Cut score": "Note de coupure",
    "Station metrics": "Indicateurs par station",
    "Mean": "Moyenne",
    "SD": "É.-T.",
    "Discrimination": "Discrimination",
    "Failures": "Échecs",
    "Alpha if deleted": "Alpha sans la station",
    "Flags": "Alertes",
    "Score distributions": "Distributions des scores",
    "Borderline regression": "Régression limite",
    "Examiner comparison": "Comparaison des examinateurs",
    "Item analysis": "Analyse des items",
    "Facility": "Facilité",
    "Item–total r": "r item–total",
    "Failing candidates": "Candidats en échec",
    "Incomplete candidates": "Candidats incomplets",
    "Missing stations": "Stations manquantes",
    "Total (%)": "Total (%)",
    "Station score (%)": "Score à la station (%)",
    "Candidates (count)": "Candidats (nombre)",
    "Global grade (step)": "Appréciation globale (échelon)",
    "Encounters": "Passages",
    "Mean grade": "Appréciation moyenne",
    "Warnings": "Avertissements",
    "None.": "Aucun.",
    "Trainee": "Apprenant",
    "Attempts": "Tentatives",
    "Attempt": "Tentative",
    "Date": "Date",
    "Attempts over time": "Tentatives dans le temps",
    "Latest attempt": "Dernière tentative",
    "Trend": "Évolution",
    "Attempt (number)": "Tentative (numéro)",
    "Percent (%)": "Pourcentage (%)",
    "Time": "Heure",
    "Rest": "Repos",
    "Slot": "Créneau",
    "Reading time": "Temps de lecture",
    "Active time": "Temps actif",
    "Done": "Fait",
    "Partly": "Partiel",
    "Not done": "Non fait",
    "Done within {s} s": "Fait en moins de {s} s",
    "Judged by the device: {rule}": "Jugé par l'appareil : {rule}",
    "Examiner's signature": "Signature de l'examinateur",
    "Candidate's number": "Numéro du candidat",
    "Candidate's name": "Nom du candidat",
    "Comments for the candidate": "Commentaires pour le candidat",
    "Critical items are marked ◆: not done fails the station.": (
        "Les items critiques sont marqués ◆ : non fait entraîne l'échec de la station."
    ),
    "Exam": "Examen",
    "Generated": "Produit le",
    "not set": "non fixé",
    "Percent of candidates (%)": "Pourcentage des candidats (%)",
    "alpha < 0.7": "alpha < 0,7",
    "R² < 0.5": "R² < 0,5",
    "η² > 0.3": "η² > 0,3",
    "removal raises alpha": "retrait augmente alpha",
    "one grade only": "une seule appréciation",
    "BRM undefined": "RLB non définie",
    "Cut": "Seuil",
    "Fail.": "Échecs",
    (
        "Mean and SD of the station percentage; Cut: the station's cut score by borderline "
        "regression; b: discrimination (the slope of that regression); Fail.: candidates "
        "who failed the station; α−i: Cronbach's alpha without the station; η²: the share of "
        "the variance explained by the examiner."
    ): (
        "Moyenne et É.-T. du pourcentage à la station ; Seuil : note de coupure de la "
        "station par régression limite ; b : discrimination (pente de cette régression) ; "
        "Échecs : candidats ayant échoué à la station ; α−i : alpha de Cronbach sans la "
        "station ; η² : part de la variance expliquée par l'examinateur."
    ),
    "completed": "terminée",
    "in_progress": "en cours",
    "abandoned": "abandonnée",
    "number of chest compressions": "nombre de compressions thoraciques",
    "mean compression depth": "profondeur moyenne des compressions",
    "mean compression rate": "fréquence moyenne des compressions",
    "compressions within the target depth band": "compressions dans la zone de profondeur cible",
    "rated compressions within the target rate band": (
        "compressions dans la zone de fréquence cible"
    ),
    "compressions released to 5 mm or less": "compressions relâchées à 5 mm ou moins",
    "chest compression fraction": "fraction de compressions thoraciques",
    "number of ventilations": "nombre d'insufflations",
    "ventilations within the target volume": "insufflations au volume cible",
    "longest pause between compressions": "plus longue pause entre les compressions",
    "composite CPR score": "score global de RCP",
}

_ES: Final[dict[str, str]] = {
    "Candidate feedback report": "Informe de resultados del candidato",
    "Exam report": "Informe del examen",
    "Practice report": "Informe de práctica",
    "Candidate badges": "Credenciales de los candidatos",
    "Blank checklists": "Listas de verificación en blanco",
    "Rotation timetable": "Horario de rotaciones",
    "Page {n} of {m}": "Página {n} de {m}",
    "DRAFT — results not released": "BORRADOR — resultados no publicados",
    "Candidate": "Candidato",
    "Candidate number": "Número de candidato",
    "Name": "Nombre",
    "Group": "Grupo",
    "Station": "Estación",
    "Stations": "Estaciones",
    "Score": "Puntuación",
    "Percent": "Porcentaje",
    "Pass mark": "Nota de aprobado",
    "Cohort mean": "Media de la cohorte",
    "Result": "Resultado",
    "Overall": "Global",
    "Overall result": "Resultado global",
    "Stations passed": "Estaciones aprobadas",
    "pass": "aprobado",
    "fail": "suspenso",
    "critical_fail": "suspenso (ítem crítico)",
    "pending": "pendiente",
    "excluded": "excluida",
    "absent": "ausente",
    "incomplete": "incompleto",
    "Why": "Por qué",
    "Pass mark by these statistics": "Nota de aprobado según estas estadísticas",
    "done": "hecho",
    "partial": "parcial",
    "not_done": "no hecho",
    "missing": "sin marcar",
    "Item": "Ítem",
    "Section": "Sección",
    "Items": "Ítems",
    "Status": "Estado",
    "Points": "Puntos",
    "Critical item": "Ítem crítico",
    "critical": "crítico",
    "Global grade": "Calificación global",
    "Examiner": "Examinador",
    "Examiners": "Examinadores",
    "Examiner comments": "Comentarios del examinador",
    "{n} needed": "{n} necesarias",
    "No comments.": "Sin comentarios.",
    "CPR quality": "Calidad de la RCP",
    "Event log": "Registro de eventos",
    "Scenario time": "Tiempo del escenario",
    "Log entry": "Entrada",
    "Scenario started": "Inicio del escenario",
    "Scripted event": "Evento programado",
    "Event fired by hand": "Evento lanzado a mano",
    "Missed event": "Evento no producido",
    "Vital signs": "Constantes vitales",
    "Operator's note": "Nota del operador",
    "Paused": "Pausa",
    "Resumed": "Reanudación",
    "Scenario ended": "Fin del escenario",
    "Compression depth": "Profundidad de las compresiones",
    "Compression rate": "Frecuencia de las compresiones",
    "Depth (mm)": "Profundidad (mm)",
    "Rate (/min)": "Frecuencia (/min)",
    "Time (s)": "Tiempo (s)",
    "Compression": "Compresión",
    "Target band": "Rango objetivo",
    "Metric": "Medida",
    "Value": "Valor",
    "Target": "Objetivo",
    "Summary": "Resumen",
    "Candidates": "Candidatos",
    "Incomplete": "Incompletos",
    "Cronbach's alpha": "Alfa de Cronbach",
    "SEM": "Error estándar de medida",
    "Cut score": "Punto de corte",
    "Station metrics": "Indicadores por estación",
    "Mean": "Media",
    "SD": "DE",
    "Discrimination": "Discriminación",
    "Failures": "Suspensos",
    "Alpha if deleted": "Alfa sin la estación",
    "Flags": "Alertas",
    "Score distributions": "Distribuciones de puntuaciones",
    "Borderline regression": "Regresión limítrofe",
    "Examiner comparison": "Comparación de examinadores",
    "Item analysis": "Análisis de ítems",
    "Facility": "Facilidad",
    "Item–total r": "r ítem–total",
    "Failing candidates": "Candidatos suspensos",
    "Incomplete candidates": "Candidatos incompletos",
    "Missing stations": "Estaciones que faltan",
    "Total (%)": "Total (%)",
    "Station score (%)": "Puntuación en la estación (%)",
    "Candidates (count)": "Candidatos (número)",
    "Global grade (step)": "Calificación global (nivel)",
    "Encounters": "Pasos",
    "Mean grade": "Calificación media",
    "Warnings": "Advertencias",
    "None.": "Ninguno.",
    "Trainee": "Estudiante",
    "Attempts": "Intentos",
    "Attempt": "Intento",
    "Date": "Fecha",
    "Attempts over time": "Intentos a lo largo del tiempo",
    "Latest attempt": "Último intento",
    "Trend": "Evolución",
    "Attempt (number)": "Intento (número)",
    "Percent (%)": "Porcentaje (%)",
    "Time": "Hora",
    "Rest": "Descanso",
    "Slot": "Turno",
    "Reading time": "Tiempo de lectura",
    "Active time": "Tiempo activo",
    "Done": "Hecho",
    "Partly": "Parcial",
    "Not done": "No hecho",
    "Done within {s} s": "Hecho en menos de {s} s",
    "Judged by the device: {rule}": "Juzgado por el dispositivo: {rule}",
    "Examiner's signature": "Firma del examinador",
    "Candidate's number": "Número del candidato",
    "Candidate's name": "Nombre del candidato",
    "Comments for the candidate": "Comentarios para el candidato",
    "Critical items are marked ◆: not done fails the station.": (
        "Los ítems críticos llevan ◆: no hacerlos suspende la estación."
    ),
    "Exam": "Examen",
    "Generated": "Generado",
    "not set": "sin fijar",
    "Percent of candidates (%)": "Porcentaje de candidatos (%)",
    "alpha < 0.7": "alfa < 0,7",
    "R² < 0.5": "R² < 0,5",
    "η² > 0.3": "η² > 0,3",
    "removal raises alpha": "quitarla sube alfa",
    "one grade only": "una sola calificación",
    "BRM undefined": "RL no definida",
    "Cut": "Corte",
    "Fail.": "Susp.",
    (
        "Mean and SD of the station percentage; Cut: the station's cut score by borderline "
        "regression; b: discrimination (the slope of that regression); Fail.: candidates "
        "who failed the station; α−i: Cronbach's alpha without the station; η²: the share of "
        "the variance explained by the examiner."
    ): (
        "Media y DE del porcentaje en la estación; Corte: punto de corte de la estación por "
        "regresión limítrofe; b: discriminación (pendiente de esa regresión); Susp.: "
        "candidatos que suspendieron la estación; α−i: alfa de Cronbach sin la estación; η²: parte "
        "de la varianza explicada por el examinador."
    ),
    "completed": "terminado",
    "in_progress": "en curso",
    "abandoned": "abandonado",
    "number of chest compressions": "número de compresiones torácicas",
    "mean compression depth": "profundidad media de las compresiones",
    "mean compression rate": "frecuencia media de las compresiones",
    "compressions within the target depth band": "compresiones en el rango de profundidad",
    "rated compressions within the target rate band": "compresiones en el rango de frecuencia",
    "compressions released to 5 mm or less": "compresiones liberadas a 5 mm o menos",
    "chest compression fraction": "fracción de compresiones torácicas",
    "number of ventilations": "número de ventilaciones",
    "ventilations within the target volume": "ventilaciones con el volumen objetivo",
    "longest pause between compressions": "pausa más larga entre compresiones",
    "composite CPR score": "puntuación global de RCP",
}

#: English texts for the ids that are codes rather than words.
_EN: Final[dict[str, str]] = {
    "critical_fail": "fail (critical item)",
    "not_done": "not done",
    "missing": "not marked",
    "in_progress": "in progress",
}

#: Catalogs by language; other English texts are the message ids themselves.
CATALOGS: Final[Mapping[str, Mapping[str, str]]] = {"en": _EN, "fr": _FR, "es": _ES}

_MONTHS: Final[Mapping[str, tuple[str, ...]]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip

Translate = Callable[[str], str]


def report_language(lang: str | None) -> str:
    """The catalog language for ``lang`` ("fr-CA" → "fr"); English when unknown."""
    base = (lang or "en").split("-")[0].lower()
    return base if base in CATALOGS else "en"


def translator(lang: str | None) -> Translate:
    """A function translating an English label into ``lang`` (English if missing)."""
    catalog = CATALOGS[report_language(lang)]

    def tr(message: str) -> str:
        return catalog.get(message, message)

    return tr


def format_date(value: date | datetime | None, lang: str | None) -> str:
    """A date as people of ``lang`` write it: "3 March 2026", "3 mars 2026",
    "3 de marzo de 2026"."""
    if value is None:
        return ""
    code = report_language(lang)
    month = _MONTHS[code][value.month - 1]
    if code == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{value.day} {month} {value.year}"


def format_number(value: float | None, lang: str | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals and the language's decimal mark; "–" for None."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if report_language(lang) in ("fr", "es") else text
