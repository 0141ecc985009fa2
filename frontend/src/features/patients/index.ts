export { PatientPage } from "./PatientPage";
export { PatientsPage } from "./PatientsPage";
