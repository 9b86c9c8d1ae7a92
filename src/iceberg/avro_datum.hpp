#pragma once

#include <functional>
#include <avro.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary::iceberg::avro {

/// Typed, checked access to libavro generic datums, for the manifest and
/// manifest list records. Optional values are ["null", T] unions: branch 0
/// is null, branch 1 the value. Read failures are Corruption naming the
/// field.

Result<avro_value_t> Field(avro_value_t& record, const char* name);

Status SetInt(avro_value_t& record, const char* name, int32_t v);
Status SetLong(avro_value_t& record, const char* name, int64_t v);
Status SetString(avro_value_t& record, const char* name, std::string_view v);
Status SetBoolean(avro_value_t& record, const char* name, bool v);
/// Sets a ["null", T] union to null.
Status SetNull(avro_value_t& record, const char* name);
/// Selects the value branch of a ["null", T] union and returns it.
Result<avro_value_t> SetPresent(avro_value_t& record, const char* name);
Status SetOptionalLong(avro_value_t& record, const char* name, std::optional<int64_t> v);
Status SetOptionalInt(avro_value_t& record, const char* name, std::optional<int32_t> v);
Status SetOptionalBytes(avro_value_t& record, const char* name, const std::optional<std::string>& v);

Result<int32_t> GetInt(avro_value_t& record, const char* name);
Result<int64_t> GetLong(avro_value_t& record, const char* name);
Result<std::string> GetString(avro_value_t& record, const char* name);
Result<bool> GetBoolean(avro_value_t& record, const char* name);
/// The value branch of a ["null", T] union, or nullopt when null (or when
/// the field is absent from the writer's schema).
Result<std::optional<avro_value_t>> GetPresent(avro_value_t& record, const char* name);
Result<std::optional<int64_t>> GetOptionalLong(avro_value_t& record, const char* name);
Result<std::optional<int32_t>> GetOptionalInt(avro_value_t& record, const char* name);
Result<std::optional<std::string>> GetOptionalBytes(avro_value_t& record, const char* name);
Result<std::optional<bool>> GetOptionalBoolean(avro_value_t& record, const char* name);

/// Raw bytes of a bytes or fixed datum.
Result<std::string> BytesOf(avro_value_t& v);

/// Calls `visit` with each element of the optional array field `name` of
/// `record` (nothing when the field is null). Fails naming the field when an
/// element cannot be read, or with what `visit` returns.
Status ForEachElement(avro_value_t& record, const char* name, const std::function<Status(avro_value_t&)>& visit);

}  // namespace tributary::iceberg::avro
