-- Tessera catalogue, version 1, for SQLite and PostgreSQL: {ID} {BOOL} {FALSE} {TIME} {REAL} {BYTES} stand for each
-- dialect's types (CatalogDialect). Every catalogued object has an owner and a group; rights are decided in SQL from
-- the group's permission level and the caller's membership (docs/decisions/0009-catalogue-storage.md).

CREATE TABLE experimenter (
    id {ID},
    user_name TEXT NOT NULL UNIQUE,
    full_name TEXT,
    email TEXT,
    password_hash TEXT,
    is_admin {BOOL} NOT NULL DEFAULT {FALSE},
    created_at {TIME} NOT NULL
);

CREATE TABLE experimenter_group (
    id {ID},
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    permissions TEXT NOT NULL CHECK (permissions IN ('private', 'read-only', 'read-annotate', 'read-write')),
    is_public {BOOL} NOT NULL DEFAULT {FALSE},
    created_at {TIME} NOT NULL
);

CREATE TABLE group_member (
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id) ON DELETE CASCADE,
    experimenter_id BIGINT NOT NULL REFERENCES experimenter (id) ON DELETE CASCADE,
    is_owner {BOOL} NOT NULL DEFAULT {FALSE},
    PRIMARY KEY (group_id, experimenter_id)
);
CREATE INDEX group_member_experimenter ON group_member (experimenter_id, group_id);

CREATE TABLE project (
    id {ID},
    name TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL,
    updated_at {TIME} NOT NULL
);
CREATE INDEX project_group ON project (group_id, owner_id);

CREATE TABLE dataset (
    id {ID},
    name TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL,
    updated_at {TIME} NOT NULL
);
CREATE INDEX dataset_group ON dataset (group_id, owner_id);

CREATE TABLE project_dataset (
    project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    dataset_id BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, dataset_id)
);
CREATE INDEX project_dataset_dataset ON project_dataset (dataset_id);

-- What listing and rendering need without opening the Zarr.
CREATE TABLE image (
    id {ID},
    name TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    location TEXT NOT NULL,
    in_place {BOOL} NOT NULL,
    source TEXT,
    size_x BIGINT NOT NULL,
    size_y BIGINT NOT NULL,
    size_z INTEGER NOT NULL,
    size_c INTEGER NOT NULL,
    size_t INTEGER NOT NULL,
    pixel_type TEXT NOT NULL,
    physical_size_x {REAL},
    physical_size_y {REAL},
    physical_size_z {REAL},
    physical_unit TEXT,
    levels INTEGER NOT NULL,
    channels TEXT NOT NULL,
    original_files TEXT,
    acquired_at {TIME},
    imported_at {TIME} NOT NULL,
    created_at {TIME} NOT NULL,
    updated_at {TIME} NOT NULL
);
CREATE INDEX image_group ON image (group_id, owner_id);
CREATE INDEX image_source ON image (source);

CREATE TABLE dataset_image (
    dataset_id BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    image_id BIGINT NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    PRIMARY KEY (dataset_id, image_id)
);
CREATE INDEX dataset_image_image ON dataset_image (image_id);

CREATE TABLE screen (
    id {ID},
    name TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL,
    updated_at {TIME} NOT NULL
);
CREATE INDEX screen_group ON screen (group_id, owner_id);

CREATE TABLE plate (
    id {ID},
    name TEXT NOT NULL,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    location TEXT NOT NULL,
    in_place {BOOL} NOT NULL,
    source TEXT,
    row_names TEXT NOT NULL,
    column_names TEXT NOT NULL,
    field_count INTEGER NOT NULL,
    imported_at {TIME} NOT NULL,
    created_at {TIME} NOT NULL,
    updated_at {TIME} NOT NULL
);
CREATE INDEX plate_group ON plate (group_id, owner_id);
CREATE INDEX plate_source ON plate (source);

CREATE TABLE screen_plate (
    screen_id BIGINT NOT NULL REFERENCES screen (id) ON DELETE CASCADE,
    plate_id BIGINT NOT NULL REFERENCES plate (id) ON DELETE CASCADE,
    PRIMARY KEY (screen_id, plate_id)
);
CREATE INDEX screen_plate_plate ON screen_plate (plate_id);

CREATE TABLE plate_acquisition (
    id {ID},
    plate_id BIGINT NOT NULL REFERENCES plate (id) ON DELETE CASCADE,
    name TEXT,
    maximum_field_count INTEGER,
    started_at {TIME},
    ended_at {TIME}
);

-- Wells carry their plate's owner and group, so rights on them are one predicate like on every other object.
CREATE TABLE well (
    id {ID},
    plate_id BIGINT NOT NULL REFERENCES plate (id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    row_index INTEGER NOT NULL,
    column_index INTEGER NOT NULL,
    row_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    UNIQUE (plate_id, row_index, column_index)
);
CREATE INDEX well_group ON well (group_id, owner_id);

CREATE TABLE well_sample (
    id {ID},
    well_id BIGINT NOT NULL REFERENCES well (id) ON DELETE CASCADE,
    image_id BIGINT NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    field_index INTEGER NOT NULL,
    acquisition_id BIGINT REFERENCES plate_acquisition (id) ON DELETE SET NULL,
    UNIQUE (well_id, field_index)
);
CREATE INDEX well_sample_image ON well_sample (image_id);

-- Annotations: map (ordered key/value pairs, duplicate keys allowed), tag, comment, file.
CREATE TABLE annotation (
    id {ID},
    kind TEXT NOT NULL CHECK (kind IN ('map', 'tag', 'tagset', 'comment', 'file')),
    namespace TEXT,
    text_value TEXT,
    description TEXT,
    file_path TEXT,
    file_size BIGINT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL
);
CREATE INDEX annotation_kind ON annotation (kind, group_id);

-- Keys and values folded (lower case, invariant) in C# so both backends compare alike; byte order makes prefix ranges index scans.
CREATE TABLE map_value (
    annotation_id BIGINT NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    map_key TEXT NOT NULL,
    map_value TEXT NOT NULL,
    key_fold TEXT {BYTES} NOT NULL,
    value_fold TEXT {BYTES} NOT NULL,
    PRIMARY KEY (annotation_id, position)
);
CREATE INDEX map_value_key_value ON map_value (key_fold, value_fold, annotation_id);

CREATE TABLE tag_in_set (
    tagset_id BIGINT NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    PRIMARY KEY (tagset_id, tag_id)
);

CREATE TABLE annotation_link (
    id {ID},
    object_type TEXT NOT NULL CHECK (object_type IN ('project', 'dataset', 'image', 'screen', 'plate', 'well', 'plate_acquisition', 'roi')),
    object_id BIGINT NOT NULL,
    annotation_id BIGINT NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL,
    UNIQUE (object_type, object_id, annotation_id)
);
CREATE INDEX annotation_link_annotation ON annotation_link (annotation_id, object_type, object_id);
CREATE INDEX annotation_link_object ON annotation_link (object_id, object_type);

CREATE TABLE roi (
    id {ID},
    image_id BIGINT NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    name TEXT,
    description TEXT,
    owner_id BIGINT NOT NULL REFERENCES experimenter (id),
    group_id BIGINT NOT NULL REFERENCES experimenter_group (id),
    created_at {TIME} NOT NULL
);
CREATE INDEX roi_image ON roi (image_id);

CREATE TABLE shape (
    id {ID},
    roi_id BIGINT NOT NULL REFERENCES roi (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('rectangle', 'ellipse', 'point', 'line', 'polyline', 'polygon', 'mask', 'label')),
    the_z INTEGER,
    the_t INTEGER,
    the_c INTEGER,
    geometry TEXT NOT NULL,
    properties TEXT
);
CREATE INDEX shape_roi ON shape (roi_id);

-- Rendering settings per image: the owner's (experimenter_id null: the image's initial ones) and each user's.
CREATE TABLE rendering_settings (
    id {ID},
    image_id BIGINT NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    experimenter_id BIGINT REFERENCES experimenter (id) ON DELETE CASCADE,
    settings TEXT NOT NULL,
    updated_at {TIME} NOT NULL,
    UNIQUE (image_id, experimenter_id)
);

CREATE TABLE event (
    id {ID},
    at {TIME} NOT NULL,
    experimenter_id BIGINT REFERENCES experimenter (id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'annotate', 'link', 'unlink', 'login')),
    object_type TEXT NOT NULL,
    object_id BIGINT,
    detail TEXT
);
CREATE INDEX event_object ON event (object_type, object_id);
CREATE INDEX event_at ON event (at);

-- The key-value search index (SearchIndex): one row per object and distinct folded pair, with how many annotation
-- pairs on the object say it (refs), and the object's group and owner so rights are a predicate on the index itself.
CREATE TABLE kv_search (
    key_fold TEXT {BYTES} NOT NULL,
    value_fold TEXT {BYTES} NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    refs INTEGER NOT NULL,
    PRIMARY KEY (key_fold, value_fold, object_type, object_id){PG: INCLUDE (group_id, owner_id)}
){SQLITE: WITHOUT ROWID};
CREATE INDEX kv_search_object ON kv_search (object_type, object_id, key_fold, value_fold);

-- Objects per pair, per group (owner_id 0: every owner) and per owner in the group: counts, facets and
-- autocomplete sum the rows the caller may see instead of counting the index at request time.
CREATE TABLE kv_count (
    key_fold TEXT {BYTES} NOT NULL,
    value_fold TEXT {BYTES} NOT NULL,
    object_type TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    objects BIGINT NOT NULL,
    PRIMARY KEY (key_fold, value_fold, object_type, group_id, owner_id)
){SQLITE: WITHOUT ROWID};
-- The all-groups totals by size: facets walk values from the most frequent down and stop early (Catalog.FacetAsync).
CREATE INDEX kv_count_totals ON kv_count (key_fold, object_type, objects DESC, value_fold) WHERE group_id = 0 AND owner_id = 0;
CREATE INDEX kv_count_total_values ON kv_count (key_fold, value_fold, object_type, objects) WHERE group_id = 0 AND owner_id = 0;
CREATE INDEX kv_count_rights ON kv_count (key_fold, owner_id, group_id, value_fold{SQLITE:, object_type, objects}){PG: INCLUDE (object_type, objects)};

-- How a folded pair is written (its first spelling), so facets and autocomplete show "Homo sapiens", not the fold.
CREATE TABLE kv_value (
    key_fold TEXT {BYTES} NOT NULL,
    value_fold TEXT {BYTES} NOT NULL,
    spelling TEXT NOT NULL,
    PRIMARY KEY (key_fold, value_fold)
){SQLITE: WITHOUT ROWID};

-- Objects per key, as kv_count per pair: key autocomplete without scanning every value of every key.
CREATE TABLE kv_key (
    key_fold TEXT {BYTES} NOT NULL,
    object_type TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    pairs BIGINT NOT NULL,
    PRIMARY KEY (key_fold, object_type, group_id, owner_id)
){SQLITE: WITHOUT ROWID};

-- Words of names and descriptions, folded, for full-text search by word prefix with the same rights predicate.
CREATE TABLE text_term (
    term TEXT {BYTES} NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    PRIMARY KEY (term, object_type, object_id){PG: INCLUDE (group_id, owner_id)}
){SQLITE: WITHOUT ROWID};
CREATE INDEX text_term_object ON text_term (object_type, object_id);

-- Sessions and API tokens (the server's), kept here so they survive restarts and are shared between processes.
CREATE TABLE session (
    id TEXT PRIMARY KEY,
    experimenter_id BIGINT NOT NULL REFERENCES experimenter (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cookie', 'token')),
    name TEXT,
    created_at {TIME} NOT NULL,
    expires_at {TIME}
);
