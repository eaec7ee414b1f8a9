-- Pacesetter schema 0001 for SQLite. Written from 'pacesetter db script --provider sqlite'; MigrationTests checks it against the model.
CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NOT NULL
);


CREATE TABLE "organizations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_organizations" PRIMARY KEY AUTOINCREMENT,
    "Slug" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "OrganizationId" INTEGER NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "IsPlatformAdmin" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "audit_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Seq" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Entity" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Period" TEXT NULL,
    "Unit" TEXT NULL,
    "Before" TEXT NULL,
    "After" TEXT NULL,
    "Reason" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    CONSTRAINT "FK_audit_entries_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "datum_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_datum_entries" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Period" TEXT NOT NULL,
    "UnitCode" TEXT NOT NULL,
    "IndicatorId" TEXT NOT NULL,
    "Value" TEXT NULL,
    "State" INTEGER NOT NULL,
    "ReturnReason" TEXT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_datum_entries_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "period_settings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_period_settings" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Period" TEXT NOT NULL,
    "Deadline" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_period_settings_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "scheme_versions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_scheme_versions" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Period" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Document" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_scheme_versions_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "unit_categories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_unit_categories" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_unit_categories_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "api_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    "LastUsedAt" TEXT NULL,
    CONSTRAINT "FK_api_tokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_api_tokens_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "memberships" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_memberships" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Role" INTEGER NOT NULL,
    "UnitCode" TEXT NULL,
    "Indicators" TEXT NULL,
    CONSTRAINT "FK_memberships_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_memberships_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "evidence" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_evidence" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "DatumEntryId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Content" BLOB NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    CONSTRAINT "FK_evidence_datum_entries_DatumEntryId" FOREIGN KEY ("DatumEntryId") REFERENCES "datum_entries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_evidence_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "units" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_units" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CategoryId" INTEGER NULL,
    "RetiredAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_units_organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_units_unit_categories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "unit_categories" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_OrganizationId" ON "AspNetUsers" ("OrganizationId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_api_tokens_OrganizationId_UserId" ON "api_tokens" ("OrganizationId", "UserId");


CREATE UNIQUE INDEX "IX_api_tokens_TokenHash" ON "api_tokens" ("TokenHash");


CREATE INDEX "IX_api_tokens_UserId" ON "api_tokens" ("UserId");


CREATE INDEX "IX_audit_entries_OrganizationId_Period_Unit" ON "audit_entries" ("OrganizationId", "Period", "Unit");


CREATE UNIQUE INDEX "IX_audit_entries_OrganizationId_Seq" ON "audit_entries" ("OrganizationId", "Seq");


CREATE UNIQUE INDEX "IX_datum_entries_OrganizationId_Period_UnitCode_IndicatorId" ON "datum_entries" ("OrganizationId", "Period", "UnitCode", "IndicatorId");


CREATE INDEX "IX_evidence_DatumEntryId" ON "evidence" ("DatumEntryId");


CREATE INDEX "IX_evidence_OrganizationId_DatumEntryId" ON "evidence" ("OrganizationId", "DatumEntryId");


CREATE INDEX "IX_memberships_OrganizationId_UserId" ON "memberships" ("OrganizationId", "UserId");


CREATE INDEX "IX_memberships_UserId" ON "memberships" ("UserId");


CREATE UNIQUE INDEX "IX_organizations_Slug" ON "organizations" ("Slug");


CREATE UNIQUE INDEX "IX_period_settings_OrganizationId_Period" ON "period_settings" ("OrganizationId", "Period");


CREATE UNIQUE INDEX "IX_scheme_versions_OrganizationId_Period_Version" ON "scheme_versions" ("OrganizationId", "Period", "Version");


CREATE UNIQUE INDEX "IX_unit_categories_OrganizationId_Code" ON "unit_categories" ("OrganizationId", "Code");


CREATE INDEX "IX_units_CategoryId" ON "units" ("CategoryId");


CREATE UNIQUE INDEX "IX_units_OrganizationId_Code" ON "units" ("OrganizationId", "Code");



-- 全流程留痕: the audit table is append-only.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
