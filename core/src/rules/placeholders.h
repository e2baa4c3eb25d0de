// Placeholders: fills {trust.name}, {contacts.communications.phone}... in rule messages from the Trust profile and admin settings.
#pragma once

#include <map>
#include <string>

namespace postcheck {

// Replaces each {key} with values[key]. A missing key renders as nothing (the first one is
// reported in *unknown when given) and the space or " ." it leaves behind is tidied, so advice
// still reads well when a Trust has no phone number on file.
std::string RenderPlaceholders(const std::string& tmpl, const std::map<std::string, std::string>& values,
                               std::string* unknown);

}  // namespace postcheck
