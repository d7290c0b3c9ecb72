#pragma once
// Where each value of a JSON text lies, as byte offsets, so that one member can be replaced, added or removed
// while every other byte stays as the administrator wrote it. nlohmann's parser does the parsing (its SAX
// events, strict RFC 8259: no comments, valid UTF-8); the offsets come from counting the characters it has
// read when each event fires.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ias::browsers {

struct JsonNode {
    enum class Kind { Object, Array, String, Other };
    struct Member {
        std::string key;                       // decoded
        std::size_t keyStart = 0, keyEnd = 0;  // the key's bytes, quotes included
        std::size_t value = 0;                 // index of the value's node
    };
    Kind kind = Kind::Other;
    std::size_t start = 0, end = 0;     // the value's bytes: [start, end)
    std::string text;                   // a String's decoded value
    std::vector<Member> members;        // an Object's, in the text's order (duplicates kept)
    std::vector<std::size_t> elements;  // an Array's node indices
};

struct JsonIndex {
    std::vector<JsonNode> nodes;  // nodes[0] is the root

    const JsonNode& root() const { return nodes.front(); }
    const JsonNode& at(std::size_t i) const { return nodes.at(i); }
    // The last member named `key` (what JSON.parse, and so Firefox, keeps), or -1.
    int memberIndex(const JsonNode& object, std::string_view key) const;
};

// The index of `text`, or nothing (with the parser's message in *error) when it is not valid JSON.
std::optional<JsonIndex> indexJson(std::string_view text, std::string* error);

}  // namespace ias::browsers
