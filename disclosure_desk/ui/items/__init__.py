"""信息登记 view, the item form and its dialogs."""
