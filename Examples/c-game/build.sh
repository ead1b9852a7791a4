#!/usr/bin/env bash
# Builds c-game against libloom: Examples/c-game/build.sh [LIBRARY_DIR] (default .build/release).
# Writes .build/c-game. Needs SDL2 and SDL2_image (pkg-config sdl2 SDL2_image).
set -euo pipefail
cd "$(dirname "$0")/../.."
library_dir=$(cd "${1:-.build/release}" && pwd)
cc -std=c99 -Wall -Wextra -Werror -O2 Examples/c-game/main.c -I include $(pkg-config --cflags sdl2 SDL2_image) \
  -L "$library_dir" -lLoomCShared -Wl,-rpath,"$library_dir" $(pkg-config --libs sdl2 SDL2_image) -o .build/c-game
echo .build/c-game
