import CLoomBLAS
import CLoomPNG
import CLoomSDL
import CLua
import CLuaShim
import Foundation
import Testing

/// Smoke tests: each C target links (CLua) or loads (SDL2, libpng, OpenBLAS, with dlopen) and
/// calls into the real Debian library.
@Suite struct SystemLibraryTests {
    @Test func luaRunsAChunkUnderTheLimitedAllocator() throws {
        var allocator = LoomLuaAllocator(used: 0, limit: 4 << 20, peak: 0, allocated: 0)
        let state = try #require(loom_lua_newstate(&allocator))
        defer { lua_close(state) }
        luaL_openlibs(state)
        let source = "local t = {} for i = 1, 10 do t[i] = i * i end return t[10] + #t"
        let status = source.withCString { loom_lua_loadbuffer_text(state, $0, strlen($0), "=smoke") }
        #expect(status == LUA_OK)
        #expect(loom_lua_pcall(state, 0, 1, 0) == LUA_OK)
        #expect(loom_lua_tointeger(state, -1) == 110)
        loom_lua_pop(state, 1)
        #expect(allocator.used > 0 && allocator.peak >= allocator.used)
    }

    @Test func luaAllocatorRefusesAllocationsPastTheLimit() throws {
        var allocator = LoomLuaAllocator(used: 0, limit: 1 << 20, peak: 0, allocated: 0)
        let state = try #require(loom_lua_newstate(&allocator))
        defer { lua_close(state) }
        luaL_openlibs(state)
        let source = "return string.rep('x', 4 * 1024 * 1024)"
        _ = source.withCString { loom_lua_loadbuffer_text(state, $0, strlen($0), "=smoke") }
        #expect(loom_lua_pcall(state, 0, 1, 0) == LUA_ERRMEM)
        #expect(allocator.used <= allocator.limit)
    }

    @Test func luaRefusesBytecodeChunks() throws {
        var allocator = LoomLuaAllocator(used: 0, limit: 0, peak: 0, allocated: 0)
        let state = try #require(loom_lua_newstate(&allocator))
        defer { lua_close(state) }
        let bytecode: [CChar] = [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00]  // "\x1bLuaT\0": a binary chunk's signature
        let status = bytecode.withUnsafeBufferPointer {
            loom_lua_loadbuffer_text(state, $0.baseAddress, $0.count, "=bin")
        }
        #expect(status == LUA_ERRSYNTAX)
        #expect(String(cString: loom_lua_tostring(state, -1)).contains("attempt to load a binary chunk"))
    }

    @Test func openBLASLoadsAndMultipliesMatrices() {
        #expect(loom_blas_load() == nil)
        // (2×3) · (3×2), row-major.
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        let (rowMajor, noTrans) = (Int32(LOOM_CBLAS_ROW_MAJOR), Int32(LOOM_CBLAS_NO_TRANS))
        loom_cblas_sgemm(rowMajor, noTrans, noTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        #expect(c == [58, 64, 139, 154])
        // y = A · x with the same 2×3 A and x = (1, 0, 2).
        var y = [Float](repeating: 0, count: 2)
        loom_cblas_sgemv(rowMajor, noTrans, 2, 3, 1, a, 3, [1, 0, 2], 1, 0, &y, 1)
        #expect(y == [7, 16])
    }

    @Test func sdlCreatesASurfaceAndReadsAPixelBack() throws {
        #expect(loom_sdl_load(Int32(LOOM_SDL_CORE)) == nil)
        let surface = try #require(loom_SDL_CreateRGBSurfaceWithFormat(0, 4, 3, 32, SDL_PIXELFORMAT_RGBA32.rawValue))
        defer { loom_SDL_FreeSurface(surface) }
        let color = loom_SDL_MapRGBA(surface.pointee.format, 10, 200, 30, 255)
        var rect = SDL_Rect(x: 2, y: 1, w: 1, h: 1)
        #expect(loom_SDL_FillRect(surface, &rect, color) == 0)
        #expect(loom_sdl_must_lock(surface) == 0)
        let pitch = Int(surface.pointee.pitch)
        let pixels = try #require(surface.pointee.pixels).assumingMemoryBound(to: UInt8.self)
        let offset = 1 * pitch + 2 * 4
        let pixel: [UInt8] = (0..<4).map { pixels[offset + $0] }
        #expect(pixel == [10, 200, 30, 255])
        #expect(pixels[0] == 0)
    }

    @Test func sdlTTFInitialises() {
        #expect(loom_sdl_load(Int32(LOOM_SDL_TTF)) == nil)
        #expect(loom_TTF_Init() == 0)
        loom_TTF_Quit()
    }
}
