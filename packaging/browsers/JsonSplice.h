#pragma once
// Text edits of one member or element of a JSON text located by JsonIndex. Inserted text copies the style of
// its neighbours (the separator between members, the indentation, one line or several); nothing else moves.
#include <string>

#include <nlohmann/json.hpp>

#include "JsonSpans.h"

namespace ias::browsers {

using OrderedJson = nlohmann::ordered_json;

void insertMember(std::string& text, const JsonIndex& index, std::size_t object, const std::string& key,
                  const OrderedJson& value);
void eraseMember(std::string& text, const JsonIndex& index, std::size_t object, std::size_t member);
void replaceValue(std::string& text, const JsonIndex& index, std::size_t node, const OrderedJson& value);
void appendElement(std::string& text, const JsonIndex& index, std::size_t array, const OrderedJson& value);
void eraseElement(std::string& text, const JsonIndex& index, std::size_t array, std::size_t element);

}  // namespace ias::browsers
