# Shortcuts for dev.py; see README.md.
.PHONY: demo test check bench

demo:
	python3 dev.py demo

test:
	python3 dev.py test

check:
	python3 dev.py check

bench:
	python3 dev.py bench web
	python3 dev.py bench tree
