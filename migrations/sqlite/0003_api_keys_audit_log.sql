CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`enterprise_id` text,
	`region_code` text,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "api_keys_role" CHECK("api_keys"."role" in ('admin', 'enterprise', 'authority')),
	CONSTRAINT "api_keys_binding" CHECK(("api_keys"."role" = 'enterprise') = ("api_keys"."enterprise_id" is not null) and ("api_keys"."role" = 'authority') = ("api_keys"."region_code" is not null))
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`key_id` text,
	`role` text NOT NULL,
	`operation` text NOT NULL,
	`method` text NOT NULL,
	`resource` text NOT NULL,
	`status` integer NOT NULL,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);