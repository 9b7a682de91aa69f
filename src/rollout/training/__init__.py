"""Training and adoption: the curriculum, the people to train, sessions and completions, each
wave's training deadline and gate forecast, roster and LMS imports, and adoption after go-live.

Pure core: imports the standard library, pydantic, the shared leaves (errors, escaping, limits,
i18n) and the work calendars of :mod:`rollout.schedule`; storage and screens are elsewhere.
"""
