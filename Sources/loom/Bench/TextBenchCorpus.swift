import Loom

/// A synthetic corpus for `loom bench text`: prose-like sentences from a seeded grammar, with
/// invented place and person names so the vocabulary grows as a real corpus's does.
enum TextBenchCorpus {
    /// Expands `grammar` from seeds 0, 1, 2, … until the text reaches `bytes`.
    static func make(grammar: Grammar, bytes: Int) throws -> String {
        var text = ""
        text.reserveCapacity(bytes + 1024)
        var index: UInt64 = 0
        while text.utf8.count < bytes {
            text += try grammar.expand(seed: Seed(index))
            text += index % 7 == 6 ? "\n\n" : " "
            index += 1
        }
        return text
    }

    static let grammar = #"""
        {
          "origin": ["#sentence# #sentence#", "#sentence#", "#talk# #sentence#", "#sentence# #weather#"],
          "sentence": [
            "#person.capitalize# #went# to #place# and #found# #thing.a#.",
            "At #time#, #person# #went# along #place# with #thing.a#.",
            "The #animal.s# of #place# #sang# until #time#.",
            "#person.capitalize# kept #thing.a# in #box.a# by the #part#.",
            "Nobody in #place# had seen #thing.a# since #time#, or so #person# said.",
            "When the #animal# #sang#, #person# #went# home to #place#."
          ],
          "talk": ["\"#greeting.capitalize#,\" said #person#. \"Have you seen #thing.a#?\""],
          "weather": ["Rain came over #place# at #time#, and the #animal.s# #sang# in the #part.s#."],
          "person": ["#name#", "#name#", "the #job# of #place#", "old #name#", "#name# the #job#"],
          "name": ["#syl.capitalize##syl#", "#syl.capitalize##syl##end#", "#syl.capitalize##end#"],
          "place": ["#syl.capitalize##syl##place_end#", "the #adj# #site#", "#syl.capitalize# #site.capitalize#"],
          "syl": ["ald", "bre", "cor", "dun", "el", "fen", "gar", "hol", "is", "mer", "nor", "os", "rath", "sel", "tor", "ul", "wen", "yr", "bar", "cal", "dra", "mor", "vel", "thi"],
          "end": ["ric", "wen", "da", "mund", "ith", "a", "o", "win", "gar"],
          "place_end": ["ford", "mere", "holm", "by", "ton", "wick", "fen", "moor"],
          "job": ["ferryman", "miller", "reeve", "tinker", "weaver", "smith", "heron-keeper", "bailiff"],
          "adj": ["old", "drowned", "grey", "salt", "high", "hollow", "black", "sunken"],
          "site": ["mill", "orchard", "causeway", "marsh", "weir", "ford", "chapel", "bridge", "barrow"],
          "went": ["walked", "rowed", "wandered", "hurried", "limped", "drifted", "rode", "ran"],
          "found": ["found", "lost", "buried", "mended", "sold", "stole", "forgot"],
          "sang": ["sang", "called", "cried", "whistled", "fell silent", "gathered"],
          "time": ["dusk", "first light", "the spring flood", "midwinter", "the last harvest", "noon", "the #adj# moon"],
          "thing": ["iron key", "oar", "lantern", "eel trap", "map of #place#", "bone whistle", "letter", "apple", "#adj# ring"],
          "animal": ["heron", "curlew", "frog", "otter", "goose", "bittern", "crow", "hare"],
          "box": ["box", "jar", "oak chest", "willow basket", "sack"],
          "part": ["hearth", "door", "window", "stair", "reed"],
          "greeting": ["good evening", "well met", "mind the water", "you're late", "hush"]
        }
        """#

    static let names = [
        "Aldric", "Maud", "Tobin", "Wenna", "Ysolde", "Hobb", "Garrick", "Elswith", "Merrin", "Odo", "Brannoc",
        "Tamsin", "Cuthred", "Ailith", "Wystan", "Edda", "Rowan", "Leofric", "Sibba", "Hereward", "Gytha", "Osric",
        "Cadoc", "Merewyn", "Dunstan", "Hild", "Oswy", "Wulfrun", "Torvald", "Nessa", "Ulric", "Maddoc", "Godric",
    ]
}
