from .certificates import Certificate, CertificateEvent, CertificateNotice, CertificateSequence, MisuseReport
from .councils import (
    ConflictDeclaration,
    Council,
    CouncilAssignment,
    CouncilMember,
    ProvinceCouncilRules,
    Scorecard,
    ScorecardAnswer,
)
from .decisions import Decision, DecisionItem
from .dossiers import Dossier, DossierTransition, EvidenceFile, SelfAssessmentAnswer
from .filing import DossierForms, RegistrationSequence, SubmittedCopy
from .frameworks import Framework, FrameworkLevel, StarBand
from .inspections import FindingFile, Inspection, InspectionFinding, InspectionPlan
from .jobs import Job
from .province import AdvisoryRecord, MinistrySubmission
from .rounds import Round, RoundDeadline
from .sheets import AnswerOption, Criterion, CriterionCase, CriterionGroup, ScoreSheet, SheetPart

__all__ = [
    "AdvisoryRecord",
    "AnswerOption",
    "Certificate",
    "CertificateEvent",
    "CertificateNotice",
    "CertificateSequence",
    "ConflictDeclaration",
    "Council",
    "CouncilAssignment",
    "CouncilMember",
    "Criterion",
    "CriterionCase",
    "CriterionGroup",
    "Decision",
    "DecisionItem",
    "Dossier",
    "DossierForms",
    "DossierTransition",
    "EvidenceFile",
    "FindingFile",
    "Framework",
    "FrameworkLevel",
    "Inspection",
    "InspectionFinding",
    "InspectionPlan",
    "Job",
    "MinistrySubmission",
    "MisuseReport",
    "ProvinceCouncilRules",
    "RegistrationSequence",
    "Round",
    "RoundDeadline",
    "ScoreSheet",
    "Scorecard",
    "ScorecardAnswer",
    "SelfAssessmentAnswer",
    "SheetPart",
    "StarBand",
    "SubmittedCopy",
]
