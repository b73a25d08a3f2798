"""Staff roles are Django groups with these names (created by a data migration in accounts)."""

AGENTS = "agents"
SUPERVISORS = "supervisors"
ADMINISTRATORS = "administrators"

STAFF_GROUPS = (AGENTS, SUPERVISORS, ADMINISTRATORS)
