#!/usr/bin/env bash
# The Debian packages beyond Python that the reports and their tests need:
# a CJK font (named in the reports' CSS and charts), Pango for WeasyPrint's PDF,
# poppler's pdftoppm / pdffonts / pdftotext and Chromium to look at the
# results in tests. Installs what is missing (as root, or with sudo); fails,
# naming the packages, when it cannot.
set -euo pipefail

runtime=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0)
for_tests=(poppler-utils chromium)
wanted=("${runtime[@]}")
if [[ "${1:-}" != "--runtime" ]]; then wanted+=("${for_tests[@]}"); fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "system-packages: installing ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then apt=(apt-get); elif command -v sudo >/dev/null; then apt=(sudo apt-get); else
  echo "system-packages: need root to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -q >/dev/null
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}" >/dev/null
