#include "iceberg/avro_datum.hpp"

namespace tributary::iceberg::avro {

namespace {

Status Check(int rc, const char* what, const char* name) {
  if (rc == 0) return Status::OK();
  return Status::Corruption("cannot {} Avro field '{}': {}", what, name, avro_strerror());
}

}  // namespace

Result<avro_value_t> Field(avro_value_t& record, const char* name) {
  avro_value_t out;
  if (avro_value_get_by_name(&record, name, &out, nullptr) != 0) {
    return Status::Corruption("Avro record lacks field '{}'", name);
  }
  return out;
}

Status SetInt(avro_value_t& record, const char* name, int32_t v) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  return Check(avro_value_set_int(&f, v), "set", name);
}

Status SetLong(avro_value_t& record, const char* name, int64_t v) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  return Check(avro_value_set_long(&f, v), "set", name);
}

Status SetString(avro_value_t& record, const char* name, std::string_view v) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  std::string copy(v);  // libavro wants the terminating NUL counted
  return Check(avro_value_set_string_len(&f, copy.c_str(), copy.size() + 1), "set", name);
}

Status SetBoolean(avro_value_t& record, const char* name, bool v) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  return Check(avro_value_set_boolean(&f, v ? 1 : 0), "set", name);
}

Status SetNull(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  avro_value_t branch;
  TRIB_RETURN_NOT_OK(Check(avro_value_set_branch(&f, 0, &branch), "select null of", name));
  return Check(avro_value_set_null(&branch), "set", name);
}

Result<avro_value_t> SetPresent(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  avro_value_t branch;
  TRIB_RETURN_NOT_OK(Check(avro_value_set_branch(&f, 1, &branch), "select value of", name));
  return branch;
}

Status SetOptionalLong(avro_value_t& record, const char* name, std::optional<int64_t> v) {
  if (!v) return SetNull(record, name);
  TRIB_ASSIGN_OR_RETURN(avro_value_t b, SetPresent(record, name));
  return Check(avro_value_set_long(&b, *v), "set", name);
}

Status SetOptionalInt(avro_value_t& record, const char* name, std::optional<int32_t> v) {
  if (!v) return SetNull(record, name);
  TRIB_ASSIGN_OR_RETURN(avro_value_t b, SetPresent(record, name));
  return Check(avro_value_set_int(&b, *v), "set", name);
}

Status SetOptionalBytes(avro_value_t& record, const char* name, const std::optional<std::string>& v) {
  if (!v) return SetNull(record, name);
  TRIB_ASSIGN_OR_RETURN(avro_value_t b, SetPresent(record, name));
  return Check(avro_value_set_bytes(&b, const_cast<char*>(v->data()), v->size()), "set", name);
}

Result<int32_t> GetInt(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  int32_t v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_int(&f, &v), "read int", name));
  return v;
}

Result<int64_t> GetLong(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  int64_t v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_long(&f, &v), "read long", name));
  return v;
}

Result<std::string> GetString(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  const char* s = nullptr;
  size_t size = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_string(&f, &s, &size), "read string", name));
  return std::string(s, size > 0 ? size - 1 : 0);
}

Result<bool> GetBoolean(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(avro_value_t f, Field(record, name));
  int v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_boolean(&f, &v), "read boolean", name));
  return v != 0;
}

Result<std::optional<avro_value_t>> GetPresent(avro_value_t& record, const char* name) {
  avro_value_t f;
  if (avro_value_get_by_name(&record, name, &f, nullptr) != 0) return std::optional<avro_value_t>();
  if (avro_value_get_type(&f) != AVRO_UNION) return std::optional<avro_value_t>(f);
  avro_value_t branch;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_current_branch(&f, &branch), "read union", name));
  if (avro_value_get_type(&branch) == AVRO_NULL) return std::optional<avro_value_t>();
  return std::optional<avro_value_t>(branch);
}

Result<std::optional<int64_t>> GetOptionalLong(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(auto b, GetPresent(record, name));
  if (!b) return std::optional<int64_t>();
  int64_t v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_long(&*b, &v), "read long", name));
  return std::optional<int64_t>(v);
}

Result<std::optional<int32_t>> GetOptionalInt(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(auto b, GetPresent(record, name));
  if (!b) return std::optional<int32_t>();
  int32_t v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_int(&*b, &v), "read int", name));
  return std::optional<int32_t>(v);
}

Result<std::optional<std::string>> GetOptionalBytes(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(auto b, GetPresent(record, name));
  if (!b) return std::optional<std::string>();
  TRIB_ASSIGN_OR_RETURN(std::string bytes, BytesOf(*b));
  return std::optional<std::string>(std::move(bytes));
}

Result<std::optional<bool>> GetOptionalBoolean(avro_value_t& record, const char* name) {
  TRIB_ASSIGN_OR_RETURN(auto b, GetPresent(record, name));
  if (!b) return std::optional<bool>();
  int v = 0;
  TRIB_RETURN_NOT_OK(Check(avro_value_get_boolean(&*b, &v), "read boolean", name));
  return std::optional<bool>(v != 0);
}

Result<std::string> BytesOf(avro_value_t& v) {
  const void* data = nullptr;
  size_t size = 0;
  int rc = avro_value_get_type(&v) == AVRO_FIXED ? avro_value_get_fixed(&v, &data, &size)
                                                 : avro_value_get_bytes(&v, &data, &size);
  if (rc != 0) return Status::Corruption("cannot read Avro bytes: {}", avro_strerror());
  return std::string(static_cast<const char*>(data), size);
}

Status ForEachElement(avro_value_t& record, const char* name, const std::function<Status(avro_value_t&)>& visit) {
  TRIB_ASSIGN_OR_RETURN(auto array, GetPresent(record, name));
  if (!array) return Status::OK();
  size_t n = 0;
  if (avro_value_get_size(&*array, &n) != 0) return Status::Corruption("cannot read the size of {}", name);
  for (size_t i = 0; i < n; i++) {
    avro_value_t elem;
    if (avro_value_get_by_index(&*array, i, &elem, nullptr) != 0) {
      return Status::Corruption("cannot read element {} of {}", i, name);
    }
    TRIB_RETURN_NOT_OK(visit(elem));
  }
  return Status::OK();
}

}  // namespace tributary::iceberg::avro
