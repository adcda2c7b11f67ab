"""Readers that turn project files (MSPDI XML, PSPLIB ``.sm``) into engine networks."""
