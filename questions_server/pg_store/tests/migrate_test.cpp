#include <sodium.h>

#include <fstream>
#include <set>
#include <sstream>

#include "pg_test_support.hpp"

namespace sporazum::pg::testing {
namespace {

namespace fs = std::filesystem;

std::string sha256Of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::vector<std::string> repositoryMigrations() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(migrationsDir())) {
    if (entry.path().extension() == ".sql") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// A scratch copy of the migrations, to extend or tamper with.
class ScratchMigrations {
 public:
  ScratchMigrations() : dir_(fs::temp_directory_path() / ("sporazum_migrations_" + randomUuid())) {
    fs::create_directories(dir_);
    for (const auto& name : repositoryMigrations())
      fs::copy_file(migrationsDir() / name, dir_ / name);
  }
  ~ScratchMigrations() { fs::remove_all(dir_); }
  const fs::path& dir() const { return dir_; }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << content;
  }
  void append(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::app) << content;
  }

 private:
  fs::path dir_;
};

class Migrations : public PgTest {};

TEST_F(Migrations, ApplyInNameOrderAndRecordTheirSha256) {
  ScratchMigrations scratch;
  // Each depends on the one before: written in reverse so directory order cannot help.
  scratch.write("9002_third.sql", "ALTER TABLE probe ADD COLUMN c int;");
  scratch.write("9001_second.sql", "ALTER TABLE probe ADD COLUMN b int;");
  scratch.write("9000_first.sql", "CREATE TABLE probe (a int);");

  const MigrationReport report = migrate(uri(), scratch.dir());

  std::vector<std::string> expected = repositoryMigrations();
  for (const char* name : {"9000_first.sql", "9001_second.sql", "9002_third.sql"}) {
    expected.emplace_back(name);
  }
  EXPECT_EQ(report.applied, expected);
  EXPECT_TRUE(report.alreadyThere.empty());
  EXPECT_EQ(scalar("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                   "FROM information_schema.columns WHERE table_name = 'probe'"),
            "a,b,c");
  for (const auto& name : expected) {
    EXPECT_EQ(scalar("SELECT sha256 FROM schema_migrations WHERE name = '" + name + "'"),
              sha256Of(scratch.dir() / name))
        << name;
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), std::to_string(expected.size()));
}

TEST_F(Migrations, RerunIsANoOp) {
  const MigrationReport first = migrate(uri(), migrationsDir());
  ASSERT_FALSE(first.applied.empty());
  const std::string appliedAt = scalar("SELECT max(applied_at)::text FROM schema_migrations");

  const MigrationReport second = migrate(uri(), migrationsDir());

  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.alreadyThere, first.applied);
  EXPECT_EQ(scalar("SELECT max(applied_at)::text FROM schema_migrations"), appliedAt);
}

TEST_F(Migrations, RefuseAnAppliedFileThatChanged) {
  ScratchMigrations scratch;
  migrate(uri(), scratch.dir());
  scratch.append("0001_questions.sql", "\n-- an innocent-looking edit\n");
  scratch.write("9000_later.sql", "CREATE TABLE later (a int);");

  try {
    migrate(uri(), scratch.dir());
    FAIL() << "a changed migration was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("migration 0001_questions.sql changed"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(scalar("SELECT to_regclass('later')::text"), "") << "nothing after the refusal runs";
}

TEST_F(Migrations, ConcurrentRunsBothSucceedAndApplyOnce) {
  MigrationReport reports[2];
  std::string errors[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      try {
        reports[i] = migrate(uri(), migrationsDir());
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& thread : threads)
    thread.join();

  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  const auto all = repositoryMigrations();
  EXPECT_EQ(reports[0].applied.size() + reports[1].applied.size(), all.size());
  std::set<std::string> applied(reports[0].applied.begin(), reports[0].applied.end());
  applied.insert(reports[1].applied.begin(), reports[1].applied.end());
  EXPECT_EQ(applied, std::set<std::string>(all.begin(), all.end()));
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), std::to_string(all.size()));
}

TEST_F(Migrations, FailWithAClearMessageWhenTheDatabaseIsUnreachable) {
  try {
    migrate("host=127.0.0.1 port=1 dbname=nowhere password=hunter2", migrationsDir());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("connection refused"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
}

TEST_F(Migrations, RefuseADatabaseWithoutUtf8) {
  const std::string latin = databaseName() + "_latin1";
  {
    pqxx::connection admin("dbname=postgres");
    pqxx::nontransaction txn(admin);
    txn.exec("CREATE DATABASE " + latin +
             " TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");
  }
  EXPECT_THROW(migrate("dbname=" + latin, migrationsDir()), std::runtime_error);
  pqxx::connection admin("dbname=postgres");
  pqxx::nontransaction txn(admin);
  txn.exec("DROP DATABASE " + latin + " WITH (FORCE)");
}

}  // namespace
}  // namespace sporazum::pg::testing
