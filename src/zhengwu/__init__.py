"""zhengwu (政务): runs a people's government by its own 《人民政府工作规则》."""

__version__ = "0.1.0"
