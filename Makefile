# PRM Desktop — set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test bench lint clean-venv build test-build package-linux

# Re-install only when pyproject.toml changed (the stamp is newer otherwise).
$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/prm-desktop

lint: $(STAMP)
	$(BIN)/ruff check prm_desktop prm_server tests bench
	$(BIN)/lint-imports

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# The one-folder app (build.spec) in dist/prm-desktop-VERSION; prints its size.
APP_DIR = dist/$(shell $(BIN)/python -c "from prm_desktop import config; print(f'{config.APP_ID}-{config.VERSION}')")
build: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	@$(BIN)/python -c "import pathlib, sys; f = [p for p in pathlib.Path(sys.argv[1]).rglob('*') if p.is_file() and not p.is_symlink()]; print(f'Bundle: {sys.argv[1]}, {sum(p.lstat().st_size for p in f) / 1e6:.0f} MB in {len(f)} files')" $(APP_DIR)

# Runs the built app as a user would (tests/build/, not part of `make test`); prints its start time.
test-build: package-linux
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/build -p no:cacheprovider

# Linux tarball with a .desktop entry and the icon: dist/prm-desktop-VERSION-linux-ARCH.tar.gz
package-linux: build
	$(BIN)/python packaging/linux/make_tarball.py $(APP_DIR)

clean-venv:
	rm -rf $(VENV)
