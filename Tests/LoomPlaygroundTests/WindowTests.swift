import CLoomSDL
import Foundation
import LoomCore
import LoomImage
import LoomTestSupport
import Testing

@testable import LoomPlayground

extension HeadlessPlaygroundTests {
    @Test("SDL events become playground input")
    func sdlEvents() throws {
        let session = try headless(caveContent()).session
        _ = SDLInput.poll()
        var key = SDL_Event()
        key.type = SDL_KEYDOWN.rawValue
        key.key.keysym.sym = SDL_Keycode(SDLK_r.rawValue)
        loom_SDL_PushEvent(&key)
        key.key.keysym.sym = SDL_Keycode(SDLK_F2.rawValue)
        loom_SDL_PushEvent(&key)
        var wheel = SDL_Event()
        wheel.type = SDL_MOUSEWHEEL.rawValue
        wheel.wheel.y = -2
        loom_SDL_PushEvent(&wheel)
        var button = SDL_Event()
        button.type = SDL_MOUSEBUTTONDOWN.rawValue
        button.button.button = UInt8(SDL_BUTTON_LEFT)
        button.button.x = 12
        button.button.y = 34
        loom_SDL_PushEvent(&button)
        var quit = SDL_Event()
        quit.type = SDL_QUIT.rawValue
        loom_SDL_PushEvent(&quit)
        let inputs = SDLInput.poll()
        #expect(
            inputs == [.key(.character("r")), .key(.function(2)), .wheel(-2), .mouseDown(x: 12, y: 34), .quit])
        try session.step(inputs)
        #expect(session.seed == Seed(7).derive("reseed") && session.wantsToQuit)
    }

    @Test("the windowed run loop polls SDL events and returns on quit")
    func runLoop() throws {
        LoomPlayground.prepareHeadlessVideo()
        var options = testOptions(hud: true)
        options.softwareRenderer = true
        let finished = Flag()
        let pusher = Thread {
            func press(_ sym: SDL_KeyCode) {
                var key = SDL_Event()
                key.type = SDL_KEYDOWN.rawValue
                key.key.keysym.sym = SDL_Keycode(sym.rawValue)
                loom_SDL_PushEvent(&key)
            }
            // Events pushed before SDL's video starts would be lost.
            while loom_SDL_WasInit(SDL_INIT_VIDEO) == 0 && !finished.isSet { Thread.sleep(forTimeInterval: 0.01) }
            for (delay, sym) in [(0.2, SDLK_r), (0.1, SDLK_g), (0.1, SDLK_ESCAPE), (0.1, SDLK_ESCAPE)] {
                Thread.sleep(forTimeInterval: delay)
                press(sym)
            }
            // Should the loop miss them, keep asking it to quit so the test cannot hang.
            for _ in 0..<100 where !finished.isSet {
                Thread.sleep(forTimeInterval: 0.2)
                press(SDLK_ESCAPE)
            }
        }
        pusher.start()
        defer { finished.set() }
        let clock = ContinuousClock()
        let start = clock.now
        try LoomPlayground.run(content: caveContent(), options: options)
        // The first Escape closes the graph view, the second quits.
        #expect(clock.now - start >= .milliseconds(450))
    }

    /// For checking a real window by hand, e.g. under Xvfb:
    /// `LOOM_PLAYGROUND_WINDOW=/tmp/window.png SDL_VIDEODRIVER=x11 xvfb-run -s "-screen 0 1280x800x24" swift test --filter realWindow`
    @Test(
        "a visible window draws the playground (opt-in, for a display)",
        .enabled(
            if: ProcessInfo.processInfo.environment["LOOM_PLAYGROUND_WINDOW"] != nil,
            "set LOOM_PLAYGROUND_WINDOW=FILE.png (and a display) to check a real window"))
    func realWindow() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LOOM_PLAYGROUND_WINDOW"])
        var options = testOptions(hud: true, panels: true, font: dejaVuMono)
        options.width = 960
        options.height = 600
        let content = StoryCaveContent()
        let session = try PlaygroundSession(content: content, options: options)
        let script: [[PlaygroundInput]] = [
            [], [.key(.character("r"))], [.key(.tab)], [.key(.right)], [.key(.down)], [.key(.character("1"))],
            [.mouseMove(x: 420, y: 260)], [],
        ]
        for inputs in script { try session.step(inputs + SDLInput.poll()) }
        let image = try #require(try session.step(capture: true))
        try image.export(to: path)
        print(
            "window: driver \(String(cString: loom_SDL_GetCurrentVideoDriver())), software \(session.canvas.isSoftware), saved \(path)"
        )
        #expect(image.count { $0 != Theme.background } > 10_000)
    }
}
