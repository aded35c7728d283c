// Times parsing a generated config: N targets in a 4-level tree (10 x 10 x 10 x N/1000).
// Prints figures only; bench/compare_config_parse.sh runs the original on the same file.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "smokeping/config/load.hpp"

namespace {

void touch(const std::string& path, const char* text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

std::string write_config(const std::string& dir, int targets) {
  for (const char* sub : {"/cache", "/data", "/run"}) ::mkdir((dir + sub).c_str(), 0755);
  touch(dir + "/smokemail", "mail\n", 0644);
  touch(dir + "/basepage.html", "<html></html>\n", 0644);
  touch(dir + "/fping", "#!/bin/sh\nexit 0\n", 0755);
  std::string path = dir + "/config";
  std::ofstream out(path);
  out << "*** General ***\nowner = Bench\ncontact = bench@example.org\n"
      << "imgcache = " << dir << "/cache\nimgurl = cache\ndatadir = " << dir << "/data\n"
      << "piddir = " << dir << "/run\nsmokemail = " << dir << "/smokemail\n"
      << "cgiurl = http://127.0.0.1/smokeping.cgi\n"
      << "*** Database ***\nstep = 300\npings = 20\nAVERAGE 0.5 1 1008\nMIN 0.5 12 4320\n"
      << "*** Presentation ***\ntemplate = " << dir << "/basepage.html\n"
      << "+ overview\nwidth = 600\nheight = 50\n+ detail\nwidth = 600\nheight = 200\n"
      << "\"Last 3 Hours\" 3h\n\"Last 10 Days\" 10d\n"
      << "*** Probes ***\n+ FPing\nbinary = " << dir << "/fping\n"
      << "*** Targets ***\nprobe = FPing\nmenu = Top\ntitle = Network Latency Grapher\n";
  int per_leaf_group = targets / 1000 > 0 ? targets / 1000 : 1;
  int written = 0;
  for (int a = 0; a < 10 && written < targets; ++a) {
    out << "+ region" << a << "\nmenu = Region " << a << "\ntitle = Region " << a << "\n";
    for (int b = 0; b < 10 && written < targets; ++b) {
      out << "++ site" << b << "\nmenu = Site " << b << "\ntitle = Site " << a << "." << b << "\n";
      for (int c = 0; c < 10 && written < targets; ++c) {
        out << "+++ rack" << c << "\nmenu = Rack " << c << "\n";
        for (int d = 0; d < per_leaf_group && written < targets; ++d, ++written) {
          out << "++++ host" << d << "\nmenu = Host " << d << "\ntitle = host " << written
              << "\nhost = 127." << (written >> 16 & 255) << "." << (written >> 8 & 255) << "."
              << (written & 255) + 1 << "\n";
        }
      }
    }
  }
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  int targets = argc > 1 ? std::atoi(argv[1]) : 10000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  char tmpl[] = "/tmp/sp-bench-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  std::string path = write_config(dir, targets);
  if (argc > 3) {  // keep the file for the side-by-side script
    std::printf("%s\n", path.c_str());
    return 0;
  }
  double best = 1e9, total = 0;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto config = smokeping::config::load_config(path);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    total += seconds;
  }
  std::printf("config parse+load, %d targets, 4 levels: best %.3f s, mean %.3f s over %d runs\n",
              targets, best, total / rounds, rounds);
  std::system(("rm -rf " + dir).c_str());
  return 0;
}
