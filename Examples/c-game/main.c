/* c-game: a small SDL2 game in C on libloom. It opens a world folder, draws its map with the
 * tileset's colours, walks the player with the arrow keys over walkable tiles (each step enters a
 * cell, which may start the world's story), and prints the story in the terminal; 1-9 choose.
 *
 *   c-game [WORLD] [--seed N] [--text-model] [--line MODEL] [--headless OUT.png --walk KEYS]
 *
 * --line MODEL (e.g. SmolLM2-135M-Instruct.Q4_1.gguf, found in Models/) has a text model greet the
 * player before the story starts, its words printed as they are made (loom_text_model_generate).
 *
 * WORLD defaults to Worlds/isles. --headless walks without a window (KEYS of U, D, L, R), then
 * takes the first available option until the story waits or ends, and writes the frame as a PNG:
 * the tests run it so. */
#include "loom.h"

#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CELL = 8 };

typedef struct game {
    int32_t width, height;
    uint16_t *tiles;
    uint32_t colours[1024];   /* RGBA per tile id (ids are small) */
    int walkable[1024];
    int32_t x, y;             /* the player's cell */
    loom_session *session;
    int32_t events_shown;
} game;

static int fail(const char *what, loom_error *error) {
    fprintf(stderr, "c-game: %s: %s\n", what, loom_error_message(error));
    loom_error_free(error);
    return 1;
}

/* Reads the session's live map: its tiles, and the colour and walkability of every tile id. */
static int read_map(game *g) {
    loom_map *map = NULL;
    loom_error *error = NULL;
    if (loom_session_map(g->session, &map, &error) != LOOM_OK) return fail("map", error);
    loom_map_size(map, &g->width, &g->height, NULL);
    size_t count = (size_t)g->width * (size_t)g->height;
    free(g->tiles);
    g->tiles = malloc(count * sizeof *g->tiles);
    if (!g->tiles || loom_map_copy_tiles(map, NULL, g->tiles, count, &error) != LOOM_OK) {
        loom_map_free(map);
        return fail("copy tiles", error);
    }
    for (size_t i = 0; i < count; i++) {
        uint16_t id = g->tiles[i];
        if (id >= 1024 || g->colours[id] != 0) continue;
        if (loom_map_tile_info(map, id, &g->colours[id], &g->walkable[id], NULL, &error) != LOOM_OK) {
            loom_map_free(map);
            return fail("tile info", error);
        }
    }
    loom_map_free(map);
    return 0;
}

static int walkable(const game *g, int32_t x, int32_t y) {
    if (x < 0 || y < 0 || x >= g->width || y >= g->height) return 0;
    uint16_t id = g->tiles[y * g->width + x];
    return id < 1024 && g->walkable[id];
}

/* The walkable cell nearest the map's centre, in rings around it. */
static void place_player(game *g) {
    int32_t cx = g->width / 2, cy = g->height / 2;
    for (int32_t r = 0; r < g->width + g->height; r++) {
        for (int32_t y = cy - r; y <= cy + r; y++) {
            for (int32_t x = cx - r; x <= cx + r; x++) {
                if ((abs(x - cx) == r || abs(y - cy) == r) && walkable(g, x, y)) {
                    g->x = x;
                    g->y = y;
                    return;
                }
            }
        }
    }
    g->x = cx;
    g->y = cy;
}

/* Prints the events the session recorded since the last call. */
static void show_events(game *g) {
    int32_t count = 0;
    loom_session_event_count(g->session, &count, NULL);
    for (; g->events_shown < count; g->events_shown++) {
        loom_world_event_kind kind;
        char *text = NULL;
        int32_t x = 0, y = 0;
        if (loom_session_event(g->session, g->events_shown, &kind, &text, &x, &y, NULL) != LOOM_OK) continue;
        switch (kind) {
        case LOOM_WORLD_EVENT_ENTERED: printf("-- (%d, %d) %s\n", x, y, text ? text : ""); break;
        case LOOM_WORLD_EVENT_NODE: printf("-- %s\n", text); break;
        case LOOM_WORLD_EVENT_LINE: printf("  %s\n", text); break;
        case LOOM_WORLD_EVENT_OPTIONS: {
            int number = 1;
            for (char *option = strtok(text, "\n"); option; option = strtok(NULL, "\n")) printf("  %d. %s\n", number++, option);
            break;
        }
        case LOOM_WORLD_EVENT_CHOICE: printf("> %d. %s\n", x, text); break;
        case LOOM_WORLD_EVENT_COMMAND: printf("  <<%s>>\n", text); break;
        default: break;
        }
        loom_string_free(text);
    }
    fflush(stdout);
}

static void step(game *g, int32_t dx, int32_t dy) {
    if (!walkable(g, g->x + dx, g->y + dy)) return;
    g->x += dx;
    g->y += dy;
    loom_error *error = NULL;
    if (loom_session_enter(g->session, g->x, g->y, NULL, &error) != LOOM_OK) fail("enter", error);
    show_events(g);
    read_map(g);  /* rules and story commands may have edited it */
}

static void choose(game *g, int32_t index) {
    loom_error *error = NULL;
    if (loom_session_choose(g->session, index, &error) != LOOM_OK) {
        fprintf(stderr, "c-game: %s\n", loom_error_message(error));
        loom_error_free(error);
        return;
    }
    show_events(g);
    read_map(g);
}

/* The first available option, or -1 when none waits. */
static int32_t first_available(game *g) {
    int32_t count = 0;
    loom_session_option_count(g->session, &count, NULL);
    for (int32_t i = 0; i < count; i++) {
        char *text = NULL;
        int32_t available = 0;
        if (loom_session_option(g->session, i, &text, &available, NULL) == LOOM_OK) loom_string_free(text);
        if (available) return i;
    }
    return -1;
}

static void draw(const game *g, SDL_Renderer *renderer) {
    for (int32_t y = 0; y < g->height; y++) {
        for (int32_t x = 0; x < g->width; x++) {
            uint16_t id = g->tiles[y * g->width + x];
            uint32_t c = id < 1024 ? g->colours[id] : 0xFF00FFFFu;
            SDL_SetRenderDrawColor(renderer, (Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), 255);
            SDL_Rect cell = {x * CELL, y * CELL, CELL, CELL};
            SDL_RenderFillRect(renderer, &cell);
        }
    }
    /* A dark ring three cells wide around the player, so the one-cell marker is easy to find. */
    SDL_SetRenderDrawColor(renderer, 20, 20, 20, 255);
    for (int k = 0; k < 2; k++) {
        SDL_Rect ring = {(g->x - 1) * CELL - k, (g->y - 1) * CELL - k, 3 * CELL + 2 * k, 3 * CELL + 2 * k};
        SDL_RenderDrawRect(renderer, &ring);
    }
    SDL_SetRenderDrawColor(renderer, 255, 255, 255, 255);
    SDL_Rect player = {g->x * CELL + 1, g->y * CELL + 1, CELL - 2, CELL - 2};
    SDL_RenderFillRect(renderer, &player);
    SDL_SetRenderDrawColor(renderer, 200, 20, 20, 255);
    SDL_Rect eye = {g->x * CELL + 3, g->y * CELL + 3, 2, 2};
    SDL_RenderFillRect(renderer, &eye);
}

static int headless(game *g, const char *walk, const char *out) {
    for (const char *key = walk; key && *key; key++) {
        switch (*key) {
        case 'U': step(g, 0, -1); break;
        case 'D': step(g, 0, 1); break;
        case 'L': step(g, -1, 0); break;
        case 'R': step(g, 1, 0); break;
        default: break;
        }
    }
    for (int turn = 0; turn < 20; turn++) {
        int32_t index = first_available(g);
        if (index < 0) break;
        choose(g, index);
    }
    printf("player at (%d, %d)\n", g->x, g->y);
    IMG_Init(IMG_INIT_PNG);
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, g->width * CELL, g->height * CELL, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!renderer) {
        fprintf(stderr, "c-game: no software renderer: %s\n", SDL_GetError());
        return 1;
    }
    draw(g, renderer);
    SDL_RenderPresent(renderer);
    int status = IMG_SavePNG(surface, out) == 0 ? 0 : 1;
    if (status) fprintf(stderr, "c-game: cannot write %s: %s\n", out, IMG_GetError());
    else printf("wrote %s (%dx%d)\n", out, g->width * CELL, g->height * CELL);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    return status;
}

static int interactive(game *g) {
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "c-game: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *window = SDL_CreateWindow("c-game (libloom)", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          g->width * CELL, g->height * CELL, 0);
    SDL_Renderer *renderer = window ? SDL_CreateRenderer(window, -1, 0) : NULL;
    if (!renderer) {
        fprintf(stderr, "c-game: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    for (int running = 1; running;) {
        SDL_Event event;
        while (SDL_PollEvent(&event)) {
            if (event.type == SDL_QUIT) running = 0;
            if (event.type != SDL_KEYDOWN) continue;
            SDL_Keycode key = event.key.keysym.sym;
            if (key == SDLK_ESCAPE) running = 0;
            else if (key == SDLK_UP) step(g, 0, -1);
            else if (key == SDLK_DOWN) step(g, 0, 1);
            else if (key == SDLK_LEFT) step(g, -1, 0);
            else if (key == SDLK_RIGHT) step(g, 1, 0);
            else if (key >= SDLK_1 && key <= SDLK_9) choose(g, (int32_t)(key - SDLK_1));
        }
        draw(g, renderer);
        SDL_RenderPresent(renderer);
        SDL_Delay(16);
    }
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}

/* Prints each token as the model makes it. */
static int32_t print_token(const char *token, size_t length, void *user_data) {
    (void)user_data;
    fwrite(token, 1, length, stdout);
    fflush(stdout);
    return 0;
}

/* A greeting the text model `model` writes for the world in `folder`, streamed; seeded by `seed`. */
static int greet(const char *model_name, const char *folder, uint64_t seed) {
    loom_text_model *model = NULL;
    loom_error *error = NULL;
    if (loom_text_model_load(model_name, NULL, &model, &error) != LOOM_OK) return fail("text model", error);
    char prompt[512];
    const char *name = strrchr(folder, '/') ? strrchr(folder, '/') + 1 : folder;
    snprintf(prompt, sizeof prompt, "Welcome a traveller who has just arrived in the %s, in one sentence.", name);
    const char *options = "{\"maxTokens\": 48, \"temperature\": 0.7, \"topK\": 40, \"stopAtSentenceEnd\": true, "
                          "\"system\": \"You are the narrator of a game. Answer with one short sentence.\"}";
    printf("-- herald\n  ");
    loom_status status = loom_text_model_generate(model, prompt, seed, options, print_token, NULL, NULL, NULL, &error);
    printf("\n");
    loom_text_model_free(model);
    return status == LOOM_OK ? 0 : fail("text", error);
}

int main(int argc, char **argv) {
    const char *folder = "Worlds/isles", *out = NULL, *walk = "", *line_model = NULL;
    uint64_t seed = 0;
    int has_seed = 0, text_model = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 10);
            has_seed = 1;
        } else if (strcmp(argv[i], "--headless") == 0 && i + 1 < argc) out = argv[++i];
        else if (strcmp(argv[i], "--walk") == 0 && i + 1 < argc) walk = argv[++i];
        else if (strcmp(argv[i], "--text-model") == 0) text_model = 1;
        else if (strcmp(argv[i], "--line") == 0 && i + 1 < argc) line_model = argv[++i];
        else if (argv[i][0] != '-') folder = argv[i];
        else {
            fprintf(stderr, "usage: c-game [WORLD] [--seed N] [--text-model] [--line MODEL] [--headless OUT.png --walk KEYS]\n");
            return 2;
        }
    }
    if (loom_abi_version() != LOOM_ABI_VERSION) {
        fprintf(stderr, "c-game: libloom's ABI is %d, this program's %d\n", loom_abi_version(), LOOM_ABI_VERSION);
        return 1;
    }
    loom_world *world = NULL;
    loom_error *error = NULL;
    if (loom_world_load(folder, text_model, &world, &error) != LOOM_OK) return fail("world", error);
    static game g;
    if (loom_session_open(world, has_seed ? &seed : NULL, &g.session, &error) != LOOM_OK) return fail("session", error);
    if (read_map(&g) != 0) return 1;
    place_player(&g);
    printf("libloom %s: %s, %dx%d\n", loom_version(), folder, g.width, g.height);
    if (line_model && greet(line_model, folder, seed) != 0) return 1;
    if (loom_session_start(g.session, NULL, &error) != LOOM_OK) return fail("start", error);
    show_events(&g);
    int status = out ? headless(&g, walk, out) : interactive(&g);
    loom_session_free(g.session);
    loom_world_free(world);
    free(g.tiles);
    return status;
}
