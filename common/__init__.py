"""What every layer of SkillStation may use: the clock and translatable messages.

``common`` imports no other package of SkillStation (an import contract in
pyproject.toml says so), so ``devices``, ``assessments``, ``reports``, ``station`` and
``ui`` can all stand on it without knowing about each other.
"""
