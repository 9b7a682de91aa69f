"""Rollout: CRM implementation-readiness assessment and calendar-aware rollout planning."""

__version__ = "0.1.0"
# 2: unanswered questions count half a gap; failure and exposure indexes; confidence (issue 11).
ENGINE_VERSION = "2"
