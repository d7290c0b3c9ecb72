// The offsets: when nlohmann's parser reports a value, its lexer has just read the value's last character
// (a number: one character more, which it keeps for the next token). A value's first byte is found by
// skipping what separates tokens and reports nothing (white space, ',' and ':'), from the end of the previous
// event.
#include "JsonSpans.h"

#include <iterator>
#include <nlohmann/json.hpp>

namespace ias::browsers {
namespace {

// A character iterator that tells how far nlohmann's input adapter has read.
struct CountingIterator {
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* base = nullptr;
    const char* p = nullptr;
    std::size_t* read = nullptr;

    reference operator*() const { return *p; }
    CountingIterator& operator++() {
        ++p;
        *read = static_cast<std::size_t>(p - base);
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return p == other.p; }
};

using Json = nlohmann::json;

class Indexer {
public:
    Indexer(std::string_view text, const std::size_t& read) : text_(text), read_(read) {}

    bool null() { return scalar(JsonNode::Kind::Other, read_); }
    bool boolean(bool) { return scalar(JsonNode::Kind::Other, read_); }
    bool number_integer(Json::number_integer_t) { return scalar(JsonNode::Kind::Other, read_ - 1); }
    bool number_unsigned(Json::number_unsigned_t) { return scalar(JsonNode::Kind::Other, read_ - 1); }
    bool number_float(Json::number_float_t, const Json::string_t&) {
        return scalar(JsonNode::Kind::Other, read_ - 1);
    }
    bool string(Json::string_t& value) { return scalar(JsonNode::Kind::String, read_, value); }
    bool binary(Json::binary_t&) { return false; }  // not in JSON text
    bool start_object(std::size_t) { return open(JsonNode::Kind::Object); }
    bool start_array(std::size_t) { return open(JsonNode::Kind::Array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(Json::string_t& name) {
        pendingKey_ = name;
        pendingKeyStart_ = nextToken(cursor_);
        pendingKeyEnd_ = read_;
        cursor_ = read_;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
        error_ = e.what();
        return false;
    }

    JsonIndex index;
    std::string error_;

private:
    std::size_t nextToken(std::size_t from) const {
        while (from < text_.size() &&
               std::string_view(" \t\r\n,:").find(text_[from]) != std::string_view::npos)
            ++from;
        return from;
    }
    std::size_t attach(JsonNode node) {
        const std::size_t i = index.nodes.size();
        index.nodes.push_back(std::move(node));
        if (!stack_.empty()) {
            JsonNode& parent = index.nodes[stack_.back()];
            if (parent.kind == JsonNode::Kind::Object)
                parent.members.push_back({pendingKey_, pendingKeyStart_, pendingKeyEnd_, i});
            else
                parent.elements.push_back(i);
        }
        return i;
    }
    bool scalar(JsonNode::Kind kind, std::size_t end, std::string value = {}) {
        JsonNode node;
        node.kind = kind;
        node.start = nextToken(cursor_);
        node.end = end;
        node.text = std::move(value);
        attach(std::move(node));
        cursor_ = end;
        return true;
    }
    bool open(JsonNode::Kind kind) {
        JsonNode node;
        node.kind = kind;
        node.start = read_ - 1;
        stack_.push_back(attach(std::move(node)));
        cursor_ = read_;
        return true;
    }
    bool close() {
        index.nodes[stack_.back()].end = read_;
        stack_.pop_back();
        cursor_ = read_;
        return true;
    }

    std::string_view text_;
    const std::size_t& read_;
    std::size_t cursor_ = 0;
    std::vector<std::size_t> stack_;
    std::string pendingKey_;
    std::size_t pendingKeyStart_ = 0, pendingKeyEnd_ = 0;
};

}  // namespace

int JsonIndex::memberIndex(const JsonNode& object, std::string_view key) const {
    int found = -1;
    for (std::size_t i = 0; i < object.members.size(); ++i)
        if (object.members[i].key == key) found = static_cast<int>(i);
    return found;
}

std::optional<JsonIndex> indexJson(std::string_view text, std::string* error) {
    std::size_t read = 0;
    Indexer indexer(text, read);
    CountingIterator first{text.data(), text.data(), &read};
    CountingIterator last{text.data(), text.data() + text.size(), &read};
    const bool ok = Json::sax_parse(first, last, &indexer);
    if (!ok || indexer.index.nodes.empty()) {
        if (error != nullptr) *error = indexer.error_.empty() ? "not a JSON value" : indexer.error_;
        return std::nullopt;
    }
    return std::move(indexer.index);
}

}  // namespace ias::browsers
