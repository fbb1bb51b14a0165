"""Jinja2 templates and print stylesheets shipped with rahbord.

This folder is a package only so that the wheel carries it; the files are
found with :func:`importlib.resources.files("templates")`.
"""
