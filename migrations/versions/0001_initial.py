"""initial schema

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-22 18:01:25.018918
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('batches',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undoes_batch_id', sa.String(length=36), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches'))
    )
    op.create_table('programs',
    sa.Column('program_key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs'))
    )
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programs_program_key'), ['program_key'], unique=False)

    op.create_table('stakeholders',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('business_unit', sa.String(length=120), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('manager', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholders'))
    )
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholders_email'), ['email'], unique=False)

    op.create_table('team_members',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_members'))
    )
    op.create_table('change_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('partner_id', sa.String(length=36), nullable=True),
    sa.Column('pushed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_change_log_batch_id_batches'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log'))
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_log_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_log_pushed'), ['pushed'], unique=False)

    op.create_table('partners',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('legal_name', sa.String(length=300), nullable=True),
    sa.Column('siren', sa.String(length=9), nullable=True),
    sa.Column('siret', sa.String(length=14), nullable=True),
    sa.Column('vat', sa.String(length=20), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('motions', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assigned_tier', sa.String(length=50), nullable=True),
    sa.Column('partner_since', sa.Date(), nullable=True),
    sa.Column('contract_end', sa.Date(), nullable=True),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('postal_code', sa.String(length=12), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('country', sa.String(length=80), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('tags', sa.String(length=500), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['team_members.id'], name=op.f('fk_partners_owner_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['partners.id'], name=op.f('fk_partners_parent_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_external_id'), ['external_id'], unique=False)
        batch_op.create_index('ix_partners_live_name', ['deleted_at', 'name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_partners_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_partners_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partners_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partners_siren'), ['siren'], unique=False)

    op.create_table('user_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('me_member_id', sa.String(length=36), nullable=True),
    sa.Column('company_name', sa.String(length=200), nullable=False),
    sa.Column('working_days', sa.String(length=20), nullable=False),
    sa.Column('work_start', sa.String(length=5), nullable=False),
    sa.Column('work_end', sa.String(length=5), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=16), nullable=False),
    sa.Column('first_run_done', sa.Boolean(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['me_member_id'], ['team_members.id'], name=op.f('fk_user_profile_me_member_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_profile'))
    )
    op.create_table('visits',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('objective', sa.Text(), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['team_members.id'], name=op.f('fk_visits_owner_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_starts_at'), ['starts_at'], unique=False)

    op.create_table('contacts',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_contacts_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_partner_id'), ['partner_id'], unique=False)

    op.create_table('customer_references',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('competency_id', sa.String(length=50), nullable=False),
    sa.Column('customer', sa.String(length=300), nullable=False),
    sa.Column('validated', sa.Boolean(), nullable=False),
    sa.Column('ref_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_customer_references_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_references'))
    )
    with op.batch_alter_table('customer_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_references_partner_id'), ['partner_id'], unique=False)

    op.create_table('notes',
    sa.Column('partner_id', sa.String(length=36), nullable=True),
    sa.Column('stakeholder_id', sa.String(length=36), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.String(length=500), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('internal_only', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['team_members.id'], name=op.f('fk_notes_author_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_notes_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_notes_stakeholder_id_stakeholders'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('partner_distributors',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('distributor_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['distributor_id'], ['partners.id'], name=op.f('fk_partner_distributors_distributor_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_partner_distributors_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_distributors'))
    )
    with op.batch_alter_table('partner_distributors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_distributors_distributor_id'), ['distributor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_distributors_partner_id'), ['partner_id'], unique=False)

    op.create_table('revenue_lines',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('motion', sa.String(length=20), nullable=False),
    sa.Column('product_family', sa.String(length=100), nullable=True),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('distributor_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['distributor_id'], ['partners.id'], name=op.f('fk_revenue_lines_distributor_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_revenue_lines_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_lines'))
    )
    with op.batch_alter_table('revenue_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revenue_lines_partner_id'), ['partner_id'], unique=False)

    op.create_table('stakeholder_links',
    sa.Column('stakeholder_id', sa.String(length=36), nullable=False),
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('influence', sa.String(length=10), nullable=False),
    sa.Column('stance', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_stakeholder_links_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_stakeholder_links_stakeholder_id_stakeholders'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_links'))
    )
    with op.batch_alter_table('stakeholder_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_links_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_links_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('targets',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_targets_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_partner_id'), ['partner_id'], unique=False)

    op.create_table('visit_partners',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_visit_partners_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_partners_visit_id_visits'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_partners'))
    )
    with op.batch_alter_table('visit_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_partners_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_partners_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_report_sections',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('internal_only', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_report_sections_visit_id_visits'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_report_sections'))
    )
    with op.batch_alter_table('visit_report_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_report_sections_visit_id'), ['visit_id'], unique=False)

    op.create_table('action_items',
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('note_id', sa.String(length=36), nullable=True),
    sa.Column('partner_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_contact_id', sa.String(length=36), nullable=True),
    sa.Column('owner_stakeholder_id', sa.String(length=36), nullable=True),
    sa.Column('owner_member_id', sa.String(length=36), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('internal_only', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_action_items_note_id_notes'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['owner_contact_id'], ['contacts.id'], name=op.f('fk_action_items_owner_contact_id_contacts'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['owner_member_id'], ['team_members.id'], name=op.f('fk_action_items_owner_member_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['owner_stakeholder_id'], ['stakeholders.id'], name=op.f('fk_action_items_owner_stakeholder_id_stakeholders'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_action_items_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_action_items_visit_id_visits'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_visit_id'), ['visit_id'], unique=False)

    op.create_table('certifications',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('obtained_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_certifications_contact_id_contacts'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_certifications_partner_id_partners'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifications'))
    )
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifications_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certifications_partner_id'), ['partner_id'], unique=False)

    op.create_table('visit_attendees',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('stakeholder_id', sa.String(length=36), nullable=True),
    sa.Column('team_member_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_visit_attendees_contact_id_contacts'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_visit_attendees_stakeholder_id_stakeholders'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['team_member_id'], ['team_members.id'], name=op.f('fk_visit_attendees_team_member_id_team_members'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_attendees_visit_id_visits'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_attendees'))
    )
    with op.batch_alter_table('visit_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_attendees_visit_id'), ['visit_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('visit_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_attendees_visit_id'))

    op.drop_table('visit_attendees')
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifications_partner_id'))
        batch_op.drop_index(batch_op.f('ix_certifications_contact_id'))

    op.drop_table('certifications')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_visit_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_partner_id'))

    op.drop_table('action_items')
    with op.batch_alter_table('visit_report_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_report_sections_visit_id'))

    op.drop_table('visit_report_sections')
    with op.batch_alter_table('visit_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_partners_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_partners_partner_id'))

    op.drop_table('visit_partners')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_partner_id'))

    op.drop_table('targets')
    with op.batch_alter_table('stakeholder_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_links_stakeholder_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_links_partner_id'))

    op.drop_table('stakeholder_links')
    with op.batch_alter_table('revenue_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revenue_lines_partner_id'))

    op.drop_table('revenue_lines')
    with op.batch_alter_table('partner_distributors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_distributors_partner_id'))
        batch_op.drop_index(batch_op.f('ix_partner_distributors_distributor_id'))

    op.drop_table('partner_distributors')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_stakeholder_id'))
        batch_op.drop_index(batch_op.f('ix_notes_partner_id'))

    op.drop_table('notes')
    with op.batch_alter_table('customer_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_references_partner_id'))

    op.drop_table('customer_references')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_partner_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_starts_at'))

    op.drop_table('visits')
    op.drop_table('user_profile')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_siren'))
        batch_op.drop_index(batch_op.f('ix_partners_parent_id'))
        batch_op.drop_index(batch_op.f('ix_partners_owner_id'))
        batch_op.drop_index(batch_op.f('ix_partners_name_key'))
        batch_op.drop_index('ix_partners_live_name')
        batch_op.drop_index(batch_op.f('ix_partners_external_id'))

    op.drop_table('partners')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_log_pushed'))
        batch_op.drop_index(batch_op.f('ix_change_log_batch_id'))

    op.drop_table('change_log')
    op.drop_table('team_members')
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholders_email'))

    op.drop_table('stakeholders')
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programs_program_key'))

    op.drop_table('programs')
    op.drop_table('batches')

