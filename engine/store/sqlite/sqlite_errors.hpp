// Translation of SQLite failures into amtsweg::Error (Conflict, NotFound for a missing parent row,
// StorageFull, Corruption for a damaged file, else Io); messages name the operation.
#pragma once

// store_message, throw_store_error and with_store_errors, shared with the PostgreSQL store.
#include "engine/store/sql/store_errors.hpp"
