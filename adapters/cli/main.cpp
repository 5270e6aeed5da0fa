// Entry point of the amtsweg command line.
#include <cstdio>
int main() { std::puts("amtsweg"); return 0; }
