"""Status reports: a reporting cadence per project, reports drafted from the data, RAG per dimension."""
