// Entry point of the `postcheck` command (being written; see docs/rule-format.md for the rules it reads).
int main() { return 2; }
