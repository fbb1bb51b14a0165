"""One module per ``rahbord`` sub-command; registered in :mod:`rahbord.cli`."""
