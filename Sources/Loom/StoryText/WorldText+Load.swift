import Foundation
import LoomCore
import LoomText

extension WorldText {
    /// Loads the text assets of the world in `folder`: `corpus.txt` (trained into an n-gram
    /// model of `settings.ngramOrder`), `grammar.json`, `names/<culture>.txt` and
    /// `banned-words.txt`. Missing files leave their part empty; a file that is present but
    /// malformed is an error naming it (with line and column for the grammar).
    public static func load(from folder: String, settings: WorldTextSettings = WorldTextSettings()) throws -> WorldText
    {
        try settings.validate()
        let files = FileManager.default
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw LoomError(.io, "the world folder \(folder) does not exist", at: SourceLocation(file: folder))
        }
        var text = WorldText(settings: settings)
        // Every file is checked to stay inside the world (symlinks resolved) before it is read.
        let world = try WorldFiles(folder: folder)
        let confined = { (name: String) in try world.existing(name, at: SourceLocation(file: name)) }
        if let corpus = try confined("corpus.txt") {
            text.model = try loadModel(corpus: corpus, settings: settings)
            text.corpusSentenceEndings = sentenceEndings(of: try AtomicFile.readText(corpus))
        }
        if let grammar = try confined("grammar.json") {
            text.grammar = try Grammar.load(from: grammar)
            text.ownWords.formUnion(LineGuard.vocabulary(of: [try AtomicFile.readText(grammar)]))
        }
        if let model = text.model { text.ownWords.formUnion(LineGuard.vocabulary(of: model.vocabulary.tokens)) }
        if let names = try confined("names") {
            for entry in (try? files.contentsOfDirectory(atPath: names)) ?? [] {
                _ = try confined("names/\(entry)")
            }
            text.names = try NameCultures.load(fromFolder: names, order: settings.nameOrder)
        }
        if let banned = try confined("banned-words.txt") {
            text.banned = WordList(lines: try AtomicFile.readText(banned))
        }
        return text
    }

    /// Trains the corpus, or reads the cached model when caching is on and the cache is newer.
    static func loadModel(corpus: String, settings: WorldTextSettings) throws -> NGramModel {
        guard settings.cachesModel else { return try NGramModel.train(corpusAt: corpus, order: settings.ngramOrder) }
        let cache = String(corpus.dropLast(4)) + ".o\(settings.ngramOrder).ngram"
        if let cacheDate = modified(cache), let corpusDate = modified(corpus), cacheDate >= corpusDate,
            let model = try? NGramModel.load(from: cache), model.order == settings.ngramOrder
        {
            return model
        }
        let model = try NGramModel.train(corpusAt: corpus, order: settings.ngramOrder)
        try model.save(to: cache)
        return model
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
