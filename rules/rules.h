// Every rule function. The one list that registers them with their metadata is registry.cpp.
#pragma once
#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/sink.h"

namespace iamlint::rules {

void admin_managed_policy(const Model&, const IamCatalog&, FindingSink&);     // IAM001
void full_admin_statement(const Model&, const IamCatalog&, FindingSink&);     // IAM002
void wildcard_resource(const Model&, const IamCatalog&, FindingSink&);        // IAM003
void service_wildcard_action(const Model&, const IamCatalog&, FindingSink&);  // IAM004
void action_resource_mismatch(const Model&, const IamCatalog&, FindingSink&); // IAM005
void policy_too_large(const Model&, const IamCatalog&, FindingSink&);         // IAM008
void invalid_policy(const Model&, const IamCatalog&, FindingSink&);           // IAM009
void trust_any_principal(const Model&, const IamCatalog&, FindingSink&);      // IAM010
void cross_account_trust_without_external_id(const Model&, const IamCatalog&, FindingSink&);  // IAM011
void oidc_trust_without_subject(const Model&, const IamCatalog&, FindingSink&);  // IAM012
void passrole_wildcard(const Model&, const IamCatalog&, FindingSink&);        // IAM013
void privilege_escalation(const Model&, const IamCatalog&, FindingSink&);     // IAM014
void missing_instance_profile(const Model&, const IamCatalog&, FindingSink&); // IAM006
void trust_missing_service(const Model&, const IamCatalog&, FindingSink&);    // IAM007
void allow_not_action(const Model&, const IamCatalog&, FindingSink&);         // IAM015
void unknown_action(const Model&, const IamCatalog&, FindingSink&);           // IAM016
void policy_version(const Model&, const IamCatalog&, FindingSink&);           // IAM017
void iam_user_access_key(const Model&, const IamCatalog&, FindingSink&);      // IAM018
void policy_on_user(const Model&, const IamCatalog&, FindingSink&);           // IAM019
void unattached_policy(const Model&, const IamCatalog&, FindingSink&);        // IAM020
void resource_policy_public(const Model&, const IamCatalog&, FindingSink&);   // IAM021
void shared_role(const Model&, const IamCatalog&, FindingSink&);              // IAM022
void lambda_permission_without_source(const Model&, const IamCatalog&, FindingSink&);  // IAM027
void broad_managed_policy(const Model&, const IamCatalog&, FindingSink&);     // IAM023
void unknown_condition_key(const Model&, const IamCatalog&, FindingSink&);    // IAM026
void unknown_managed_policy(const Model&, const IamCatalog&, FindingSink&);   // IAM024

// IAM014's escalation set: the actions that let the holder raise its own permissions, and the
// launching actions that pair with iam:PassRole (lint/iam/overrides.cpp). `iamlint diff` ranks
// their addition as sensitive.
bool is_escalation_action(std::string_view action);

}  // namespace iamlint::rules
