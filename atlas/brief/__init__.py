"""Territory brief: a 2-4 page French PDF with its charts as PNG, an XLSX workbook and a link back to the app.

content.py gathers figures with the same queries and chart functions as the pages; document.py lays
them out as HTML; render.py prints that HTML with headless Chromium (PDF, PNG) and writes the XLSX.
"""
