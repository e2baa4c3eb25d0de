// Placeholders: filled from the profile, missing ones dropped without leaving stray spaces or " .".
#include "rules/placeholders.h"

#include <doctest/doctest.h>

namespace postcheck {

TEST_CASE("placeholders are filled and missing ones are reported and tidied") {
  std::map<std::string, std::string> v{{"trust.name", "Alpha Trust"}, {"contacts.communications.phone", "01234 567890"}};
  std::string unknown;
  CHECK(RenderPlaceholders("Ask {trust.name} comms on {contacts.communications.phone}.", v, &unknown) ==
        "Ask Alpha Trust comms on 01234 567890.");
  CHECK(unknown.empty());
  CHECK(RenderPlaceholders("Call {contacts.communications.email} today.", v, &unknown) == "Call today.");
  CHECK(unknown == "contacts.communications.email");
  CHECK(RenderPlaceholders("Ring {x}.", v, nullptr) == "Ring.");
  CHECK(RenderPlaceholders("An unclosed {brace stays", v, nullptr) == "An unclosed {brace stays");
}

}  // namespace postcheck
