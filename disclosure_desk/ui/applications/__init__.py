"""依申请公开 view, the case view and its dialogs."""
