"""信息登记: the item register, its rules, attachments, coordination, import/export."""
