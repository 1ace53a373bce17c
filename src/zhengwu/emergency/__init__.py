"""Emergency reports (重大突发事件报告) and their clock."""
