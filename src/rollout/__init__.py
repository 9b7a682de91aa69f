"""Rollout: CRM implementation-readiness assessment and calendar-aware rollout planning."""

__version__ = "0.1.0"
ENGINE_VERSION = "1"
