"""依申请公开: application cases, their steps, letters, appeals, import/export."""
