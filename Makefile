# Every target sets itself up first (system packages, .venv); the second run is quick.
VENV   := .venv
PY     := $(VENV)/bin/python
OUT    ?= demo-output

.PHONY: setup demo test bench docs catalogue clean

setup:
	@bash scripts/setup.sh

demo: setup
	@$(VENV)/bin/rahbord demo --out $(OUT)

# pytest exits 5 when it collected nothing: that must fail, not pass.
test: setup
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo 'make test: no tests were collected' >&2; exit 1; fi; exit $$status

bench: setup
	@$(PY) -m benchmarks

# English and Persian sites into docs/_build/{en,fa}/html, warnings as errors, examples run (doctest)
docs: setup
	@$(PY) docs/build.py

# the message catalogue after editing criteria/locale/fa/LC_MESSAGES/rahbord.po: .po -> .mo
catalogue: setup
	@$(PY) -c 'from criteria.catalogue import main; main([])'

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis *.egg-info
