// `amtsweg serve --tls-cert --tls-key` as an operator runs it: HTTPS on a real port with HSTS, and
// a start refused with exit code 2 and a message naming the file when a file is wrong.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <regex>

#include "tests/rest/https_test_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/webhook/self_signed_certificate.hpp"

using namespace amtsweg::testing;

TEST_CASE("serve --tls-cert/--tls-key serves HTTPS with HSTS and stops on SIGTERM with 0", "[cli][serve][tls]") {
  TempDir dir;
  const TlsIdentity identity = make_self_signed_certificate();
  const std::string cert = write_file(dir, "cert.pem", identity.certificate_pem);
  const std::string key = write_file(dir, "key.pem", identity.private_key_pem);
  ChildProcess server(AMTSWEG_CLI, {"serve", "--db", dir.file("tls.db"), "--port", "0", "--tls-cert", cert, "--tls-key",
                                    key, "--request-log", "off"});
  const auto serving = server.wait_for("Serving https://");
  if (!serving) FAIL("serve did not start:\n" << server.output());
  const auto port = static_cast<unsigned short>(std::stoi(first_match(*serving, R"(https://127\.0\.0\.1:(\d+)/)")));

  HttpReply reply = https_request(port, identity.certificate_pem, "GET", "/api/v1/health");
  CHECK(reply.status == 200);
  CHECK(reply.headers["Strict-Transport-Security"] == "max-age=31536000");
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("serve refuses to start with a missing or mismatched TLS file, or only one of the two", "[cli][serve][tls]") {
  TempDir dir;
  const TlsIdentity identity = make_self_signed_certificate(), other = make_self_signed_certificate();
  const std::string cert = write_file(dir, "cert.pem", identity.certificate_pem);
  const std::string other_key = write_file(dir, "other-key.pem", other.private_key_pem);
  const std::string db = " --db " + dir.file("tls.db") + " --port 0";

  const CliResult missing = run_cli("serve" + db + " --tls-cert " + dir.file("nope.pem") + " --tls-key " + other_key);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("TLS certificate file '" + dir.file("nope.pem") + "': no such file"));

  const CliResult mismatched = run_cli("serve" + db + " --tls-cert " + cert + " --tls-key " + other_key);
  CHECK(mismatched.exit_code == 2);
  CHECK_THAT(mismatched.output, Catch::Contains("TLS private key file '" + other_key + "'"));

  const CliResult half = run_cli("serve" + db + " --tls-cert " + cert);
  CHECK(half.exit_code == 2);
  CHECK_THAT(half.output, Catch::Contains("--tls-cert and --tls-key go together"));
  // Refused before the database was touched.
  CHECK_FALSE(std::filesystem::exists(dir.file("tls.db")));
}
