"""Official documents (公文): their layout and rendering to .docx and PDF."""
