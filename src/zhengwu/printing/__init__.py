"""Printing to GB/T 9704-2012 (公文格式): the layout values, the .docx renderer and the PDF
conversion shared by the domains that print (documents, meetings' minutes, the supervision
ledger's export). No domain logic and no storage here: each domain builds the layout values
from its own records."""
