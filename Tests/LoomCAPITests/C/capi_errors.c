/* The statuses of bad world folders, and the budget of loom_map_generate. */
#include "check.h"

#include <sys/stat.h>

/* A world folder `name` in `dir` holding world.lua (unless NULL) and grammar.json (unless NULL). */
static const char *make_world(const char *dir, const char *name, const char *lua, const char *grammar) {
    static char folder[4096];
    char path[4200];
    snprintf(folder, sizeof folder, "%s/%s", dir, name);
    mkdir(folder, 0755);
    snprintf(path, sizeof path, "%s/world.lua", folder);
    if (lua) CHECK(write_file(path, lua));
    snprintf(path, sizeof path, "%s/grammar.json", folder);
    if (grammar) CHECK(write_file(path, grammar));
    return folder;
}

void test_world_errors(const char *dir) {
    loom_world *world = (loom_world *)1;
    CHECK_FAILS(loom_world_load("/nonexistent/world", 0, &world, ep_), LOOM_ERROR_NOT_FOUND, "no such world folder");
    CHECK(world == NULL);
    CHECK_FAILS(loom_world_load(make_world(dir, "empty", NULL, NULL), 0, &world, ep_), LOOM_ERROR_NOT_FOUND,
                "empty/world.lua: ");
    CHECK_FAILS(loom_world_load(make_world(dir, "raises", "local x = 1\nerror('the tide is wrong')\n", NULL), 0,
                                &world, ep_),
                LOOM_ERROR_RUNTIME, "world.lua:2");
    CHECK_FAILS(loom_world_load(make_world(dir, "unparsed", "local = 1\n", NULL), 0, &world, ep_), LOOM_ERROR_PARSE,
                "world.lua:1");
    CHECK_FAILS(loom_world_load(make_world(dir, "badjson", "return {}\n", "{\n  \"name\": [1,\n}\n"), 0, &world, ep_),
                LOOM_ERROR_PARSE, "grammar.json:3:");
    CHECK(world == NULL);
}

void test_map_budget(void) {
    loom_map *map = (loom_map *)1;
    CHECK_FAILS(loom_map_generate("caves", NULL, 1, 1000000, 1000000, &map, ep_), LOOM_ERROR_BUDGET,
                "1000000x1000000 map is 1000000000000 cells; loom_map_generate makes at most 16777216");
    CHECK(map == NULL);
    CHECK_FAILS(loom_map_generate("terrain", "{\"width\": 8192, \"height\": 8192}", 1, 0, 0, &map, ep_),
                LOOM_ERROR_BUDGET, "LOOM_MAP_MAX_CELLS");
    CHECK_FAILS(loom_map_generate("maze", NULL, 1, 2147483647, 2147483647, &map, ep_), LOOM_ERROR_BUDGET,
                "2147483647x2147483647");
    /* Within the budget, each side still has the generator's own range. */
    CHECK_FAILS(loom_map_generate("caves", NULL, 1, 9000, 3, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT, "width");
    CHECK(LOOM_MAP_MAX_CELLS == 4096 * 4096);
}
