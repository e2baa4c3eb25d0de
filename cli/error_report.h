// ErrorReport: prints ruleset errors for people: file:line:col: $.path: message, then the line itself with a ^ under the place, then a count ("1 error").
#pragma once

#include <cstdio>
#include <vector>

#include "postcheck/ruleset.h"
#include "postcheck/status.h"

namespace postcheck::cli {

// Prints `first` (the error that stopped loading `files`) to `out`. When it is a JSON syntax
// error, every file's own syntax error is printed, since each can be fixed at once. Returns
// the number of errors printed; ends with "N error(s)".
int PrintLoadErrors(const Status& first, const std::vector<SourceFile>& files, std::FILE* out);

// The source line of `where` with a caret under its column, indented; "" when unknown.
std::string CaretLine(const Location& where, const std::vector<SourceFile>& files);

}  // namespace postcheck::cli
