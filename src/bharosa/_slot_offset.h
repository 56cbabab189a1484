/* Where instances of a slotted class keep one of its fields, shared by the C modules that
 * read slots (_cell_batch.c) and write them (_slots.c): reading or writing the slot itself
 * costs a tenth of going through the attribute. */

#ifndef BHAROSA_SLOT_OFFSET_H
#define BHAROSA_SLOT_OFFSET_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* The byte offset of the slot `name` in instances of `type`, or -1 when the name is no
 * plain object slot of it (a property, a missing name, anything not a str) or, with
 * `own_only`, a slot of another class than `type` itself. Never sets an exception. */
static Py_ssize_t slot_offset(PyTypeObject *type, PyObject *name, int own_only)
{
    if (!PyUnicode_Check(name))
        return -1;
    PyObject *descriptor = PyObject_GetAttr((PyObject *)type, name);
    if (descriptor == NULL) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t offset = -1;
    if (Py_TYPE(descriptor) == &PyMemberDescr_Type) {
        PyMemberDescrObject *member = (PyMemberDescrObject *)descriptor;
        if (member->d_member->type == T_OBJECT_EX && (!own_only || member->d_common.d_type == type))
            offset = member->d_member->offset;
    }
    Py_DECREF(descriptor);
    return offset;
}

#endif
