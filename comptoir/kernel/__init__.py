"""The kernel: the bottom layer every app may import, and which imports no app.

It holds what several services would otherwise each write again: printing a PDF
(`pdf`), drawing a QR code (`qr`) and reading a phone number (`phone`).
"""
