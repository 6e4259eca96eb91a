#include <iostream>

#include "cli.h"

int main(int argc, char** argv) { return bcdb::app::run(argc, argv, std::cout, std::cerr); }
